"""Specifications of consultations/fieldwork/."""
