"""The HTTP API for the province's other systems: a thin layer over the features' doors, as the
pages and ``cli.py`` are (``app.py`` routes, ``calls.py`` the key, scope, limit, audit and errors of
every call, ``shapes.py`` the records as JSON, ``openapi.py`` its description). Served by
``cli.py serve-api``; see docs/api.md."""
