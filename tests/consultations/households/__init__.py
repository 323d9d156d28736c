"""Specifications of consultations/households/."""
