"""Consent: the append-only history of each household's position, and the statuses derived from it."""
