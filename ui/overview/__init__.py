"""The Overview page's sections, one module each: app_pages/overview.py reads as their list."""
