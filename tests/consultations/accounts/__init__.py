"""Specifications of consultations/accounts/."""
