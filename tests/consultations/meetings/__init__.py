"""Specifications of consultations/meetings/."""
