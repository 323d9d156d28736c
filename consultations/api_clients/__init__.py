"""The province's other systems as API clients: their keys (hashed), scopes, role, webhooks, and
the change feed and deliveries they read. The HTTP layer is ``api/``; this is its door."""
