"""The Households page's sections, one module each: app_pages/households.py reads as their
list."""
