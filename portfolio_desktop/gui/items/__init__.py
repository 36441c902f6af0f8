"""The dashboard a mentor opens for their class, its charts, windows and follow-up."""
