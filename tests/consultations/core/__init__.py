"""Specifications of consultations/core/."""
