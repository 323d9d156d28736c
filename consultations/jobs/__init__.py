"""Long work done by a worker process, queued in the database (see service.py)."""
