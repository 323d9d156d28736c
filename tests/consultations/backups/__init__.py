"""Specifications of consultations/backups/."""
