"""Backing up and restoring the whole store."""
