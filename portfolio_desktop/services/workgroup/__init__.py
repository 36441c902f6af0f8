"""The working group: members, meetings, sessions, consultations, compliance and evaluation."""
