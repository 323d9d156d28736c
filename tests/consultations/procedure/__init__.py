"""Specifications of consultations/procedure/."""
