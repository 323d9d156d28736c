"""The API's OpenAPI 3.1 document, made from its routes (served at /api/v1/openapi.json)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from api.shapes import HOUSEHOLD_FIELDS
from consultations.api_clients.model import ApiScope
from consultations.api_clients.service import PAGE_MOST

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "status": {"type": "integer"}, "kind": {"type": "string"},
        "message": {"type": "string"}, "vi": {"type": "string"}, "en": {"type": "string"},
    }}},
}  # fmt: skip

_QUERY = {
    "/api/v1/changes": [("since", "integer", "the cursor of the last page (0: from the start)"),
                        ("limit", "integer", f"at most {PAGE_MOST}")],
    "/api/v1/projects/{slug}": [("as_of", "string", "the figures on a day (YYYY-MM-DD)")],
    "/api/v1/petitions/figures": [("start", "string", "first day (YYYY-MM-DD)"),
                                  ("end", "string", "last day (YYYY-MM-DD)"),
                                  ("project", "string", "a project's slug")],
}  # fmt: skip


def _operation(
    path: str, method: str, scope: ApiScope, handler: Callable[..., Any]
) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer" if name == "id" else "string"}}
        for name in re.findall(r"{(\w+)}", path)
    ]  # fmt: skip
    params += [{"name": n, "in": "query", "schema": {"type": t}, "description": d}
               for n, t, d in _QUERY.get(path, [])]  # fmt: skip
    errors = {str(code): {"description": text, "content": {"application/json": {"schema": ERROR}}}
              for code, text in ((401, "no key, or an unknown or revoked one"),
                                 (403, "the key's scope or role does not allow it"),
                                 (404, "no such record"), (429, "too many calls"))}  # fmt: skip
    operation: dict[str, Any] = {
        "operationId": handler.__name__, "summary": (handler.__doc__ or handler.__name__).strip(),
        "security": [{"key": [str(scope)]}], "parameters": params,
        "responses": {"200": {"description": "OK (with an ETag)"}, **errors},
    }  # fmt: skip
    if path == "/api/v1/webhooks" and method == "POST":
        operation["requestBody"] = {"content": {"application/json": {"schema": {
            "type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}}}}}  # fmt: skip
        operation["responses"]["201"] = {"description": "registered; its signing secret, once"}
    elif method == "POST":
        operation["parameters"] += [
            {"name": "Idempotency-Key", "in": "header", "required": True, "schema": {"type": "string"}},
            {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
             "description": "the household's ETag, \"v<version>\""},
        ]  # fmt: skip
        operation["requestBody"] = {"content": {"application/json": {"schema": {
            "type": "object", "required": ["status"], "properties": {
                "status": {"type": "string"}, "happened_on": {"type": "string", "format": "date"},
                "note": {"type": "string"}, "late_reason": {"type": "string"},
                "meeting_id": {"type": "integer"}}}}}}  # fmt: skip
        operation["responses"]["201"] = {"description": "recorded"}
        operation["responses"]["409"] = {"description": "stale: what changed since that version",
                                         "content": {"application/json": {"schema": ERROR}}}  # fmt: skip
    return operation


def document(routes: Iterable[tuple[str, str, ApiScope, Callable[..., Any]]]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for path, method, scope, handler in routes:
        paths.setdefault(path, {})[method.lower()] = _operation(path, method, scope, handler)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Clearway API", "version": "1",
                 "description": "Projects, figures, households (fields: "
                 + ", ".join(HOUSEHOLD_FIELDS) + ", status), consent, meetings, concerns, "
                 "petitions' figures and the change feed. Errors in Vietnamese and English."},
        "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }  # fmt: skip
