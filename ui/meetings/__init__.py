"""The Meetings page's sections, one module each: app_pages/meetings.py reads as their list."""
