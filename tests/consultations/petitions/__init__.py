"""Specifications of consultations/petitions/."""
