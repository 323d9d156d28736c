"""Specifications of consultations/consent/."""
