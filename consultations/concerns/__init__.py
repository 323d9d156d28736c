"""Concerns households raise, and how each is answered."""
