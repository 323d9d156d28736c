"""Specifications of consultations/compensation/."""
