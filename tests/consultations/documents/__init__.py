"""Specifications of consultations/documents/."""
