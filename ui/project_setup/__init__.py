"""The Project set-up page's sections, one module each: app_pages/project_setup.py reads as
their list."""
