"""Specifications of consultations/projects/."""
