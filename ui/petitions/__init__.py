"""The Citizen reception and petitions page's sections, one module each: app_pages/petitions.py
reads as their list (its reception sessions and backlog list are ui/reception.py, the steps after
entry ui/petition_handling.py)."""
