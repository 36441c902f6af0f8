"""Rosters: students, classes, 學籍 status and its changes; courses and enrolments; roster files in and out."""
