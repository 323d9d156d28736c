"""Specifications of consultations/reporting/."""
