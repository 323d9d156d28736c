"""What every call goes through: its key (checked in the store each time, so a revoked key is
refused at once), its rate, its scope, the door it calls, its ETag, its audit row, and its errors
as JSON in Vietnamese and English.

A refused call is asked of its door once more in the other language, for the second sentence: a
refusal saved nothing (its transaction was rolled back, its idempotency key not taken), so asking
again changes nothing. Should the second asking succeed (the world changed in between), its
success is the answer, as a client's retry would have had it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.errors import USER_ERRORS, ApiError, error_response, in_both, status_of
from api.limits import Buckets
from consultations.api_clients.model import ApiClient, ApiScope
from consultations.api_clients.service import client_of_key, log_call
from consultations.core.access import Actor
from consultations.core.errors import StoreBusy
from consultations.core.messages import message_for
from consultations.core.store import Store
from translations import _, set_language

LOG = logging.getLogger("clearway.api")


@dataclass(frozen=True)
class Call:
    """One request, as a handler sees it: who asks (``actor``), what, and with which body."""

    client: ApiClient
    store: Store
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def actor(self) -> Actor:
        return self.client.actor

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ApiError(
                400, "bad_request", lambda: _("The request's body is not a JSON object.")
            )
        return data


@dataclass(frozen=True)
class Reply:
    data: Any
    status: int = 200
    etag: str | None = None  # by default: the body's digest
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Reply]


def language_of(request: Request) -> str:
    asked = request.headers.get("accept-language", "vi").strip().lower()
    return "en" if asked.startswith("en") else "vi"


def _key_of(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-key", "").strip()


def _body_etag(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return 'W/"' + hashlib.sha256(text.encode()).hexdigest()[:20] + '"'


def _reply(request: Request, reply: Reply) -> Response:
    etag = reply.etag or _body_etag(reply.data)
    headers = {"ETag": etag, **reply.headers}
    if request.method == "GET" and etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return JSONResponse(reply.data, status_code=reply.status, headers=headers)


def _run_in_both(handler: Handler, call: Call, language: str) -> Reply | Response:
    set_language(language)
    try:
        return handler(call)
    except USER_ERRORS as error:
        status, kind = status_of(error)
        said = {language: message_for(error)}
        other = "en" if language == "vi" else "vi"
        set_language(other)
        try:
            return handler(call)
        except USER_ERRORS as again:
            said[other] = message_for(again)
        extra = getattr(error, "extra", {})
        return error_response(status, kind, said, language, **extra)


class Endpoint:
    """A route of the API: the scope it needs and the handler that calls a door."""

    def __init__(self, scope: ApiScope, handler: Handler, buckets: Buckets) -> None:
        self.scope, self.handler, self.buckets = scope, handler, buckets

    async def serve(self, request: Request) -> Response:
        language = language_of(request)
        body = await request.body()
        try:
            return await run_in_threadpool(self._serve, request, body, language)
        except ApiError as error:
            return error_response(error.status, error.kind, in_both(error.words), language,
                                  **error.extra)  # fmt: skip
        except Exception:  # never a traceback to a client: logged here, said in words there
            LOG.exception("API call %s %s failed", request.method, request.url.path)
            said = in_both(lambda: _("The server could not answer this call; try again later."))
            return error_response(500, "internal", said, language)

    def _client(self, request: Request, store: Store, language: str) -> ApiClient:
        key = _key_of(request)
        if not key:
            raise ApiError(401, "unauthorized",
                           lambda: _("This call needs an API key: send it as “Authorization: Bearer KEY”."))  # fmt: skip
        try:
            return client_of_key(store, key)
        except USER_ERRORS:
            raise ApiError(
                401, "unauthorized", lambda: _("This API key is unknown or has been revoked.")
            ) from None

    def _serve(self, request: Request, body: bytes, language: str) -> Response:
        store: Store = request.app.state.store
        client = self._client(request, store, language)
        try:
            response = self._answer(request, body, language, client, store)
        except ApiError as error:
            response = error_response(error.status, error.kind, in_both(error.words), language,
                                      **error.extra)  # fmt: skip
        try:
            log_call(store, actor=client.actor, client_id=client.id, method=request.method,
                     path=request.url.path, status=response.status_code)  # fmt: skip
        except StoreBusy:
            LOG.warning("API call by %s not logged: the store was busy", client.name)
        set_language(language)
        return response

    def _answer(
        self, request: Request, body: bytes, language: str, client: ApiClient, store: Store
    ) -> Response:
        wait = self.buckets.wait_for(client.id)
        if wait:
            seconds = max(1, round(wait))
            raise ApiError(429, "too_many_calls",
                           lambda: _("Too many calls with this key: wait {n} seconds.").format(n=seconds),
                           retry_after=seconds)  # fmt: skip
        if not client.allows(self.scope):
            scope = str(self.scope)
            raise ApiError(403, "forbidden",
                           lambda: _("This API key does not have the scope {scope}.").format(scope=scope))  # fmt: skip
        call = Call(client, store, dict(request.path_params), dict(request.query_params),
                    {k.lower(): v for k, v in request.headers.items()}, body)  # fmt: skip
        reply = _run_in_both(self.handler, call, language)
        return reply if isinstance(reply, Response) else _reply(request, reply)


Route = Callable[[Request], Awaitable[Response]]
