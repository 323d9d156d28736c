"""The API's application: its routes, each with the scope it needs, and JSON for every refusal."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api import routes
from api.calls import Endpoint, language_of
from api.errors import error_response, in_both
from api.limits import Buckets
from api.openapi import document
from consultations.api_clients.model import ApiScope
from consultations.core.store import Store
from translations import _

READ, PEOPLE, WRITE = ApiScope.READ_FIGURES, ApiScope.READ_HOUSEHOLDS, ApiScope.WRITE_CONSENT

#: (path, method, scope, handler): the API, in the order its document lists it.
ROUTES = (
    ("/api/v1/projects", "GET", READ, routes.projects),
    ("/api/v1/projects/{slug}", "GET", READ, routes.project),
    ("/api/v1/projects/{slug}/households", "GET", PEOPLE, routes.households),
    ("/api/v1/projects/{slug}/consent-events", "GET", PEOPLE, routes.consent_events),
    ("/api/v1/projects/{slug}/meetings", "GET", PEOPLE, routes.meetings),
    ("/api/v1/projects/{slug}/concerns", "GET", PEOPLE, routes.concerns),
    ("/api/v1/households/{id}", "GET", PEOPLE, routes.household),
    ("/api/v1/households/{id}/consent", "POST", WRITE, routes.consent),
    ("/api/v1/petitions/figures", "GET", READ, routes.petitions),
    ("/api/v1/changes", "GET", READ, routes.feed),
    ("/api/v1/webhooks", "POST", READ, routes.add_hook),
    ("/api/v1/webhooks", "GET", READ, routes.hooks),
    ("/api/v1/webhooks/{id}/deliveries", "GET", READ, routes.hook_deliveries),
)


async def _openapi(_request: Request) -> Response:
    return JSONResponse(document(ROUTES))


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    if status == 404:
        said = in_both(lambda: _("There is no such address in this API; see /api/v1/openapi.json."))
    elif status == 405:
        said = in_both(
            lambda: _("This address does not take this method; see /api/v1/openapi.json.")
        )
    else:
        said = in_both(lambda: _("The server could not answer this call; try again later."))
    return error_response(status, "not_found" if status == 404 else "bad_request", said,
                          language_of(request))  # fmt: skip


def create_app(store: Store, buckets: Buckets | None = None) -> Starlette:
    """The API over ``store`` (one token bucket per key, shared by its routes)."""
    limits = buckets or Buckets()
    app = Starlette(
        routes=[
            Route("/api/v1/openapi.json", _openapi, methods=["GET"]),
            *(Route(path, Endpoint(scope, handler, limits).serve, methods=[method])
              for path, method, scope, handler in ROUTES),
        ],
        exception_handlers={HTTPException: _http_error},
    )  # fmt: skip
    app.state.store = store
    return app
