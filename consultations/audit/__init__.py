"""The audit trail as a reader sees it."""
