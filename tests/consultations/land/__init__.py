"""Specifications of consultations/land/."""
