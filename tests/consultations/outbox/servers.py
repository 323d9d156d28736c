"""Local stand-ins for the providers: a real SMTP server (aiosmtpd) and an HTTP server that checks
each provider's documented request and answers with its documented results and errors."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


Answer = Callable[[dict[str, str], dict[str, Any]], tuple[int, dict[str, Any]]]


@contextmanager
def http_server(answer: Answer) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A JSON endpoint: ``answer(headers, body)`` gives the status and the JSON answer."""
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.loads(raw or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            seen.append({"path": self.path, "headers": headers, "body": body})
            status, payload = answer(headers, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


ESMS_FIELDS = {"ApiKey", "SecretKey", "Phone", "Content", "Brandname", "SmsType", "IsUnicode"}


def esms(codes: list[str]) -> Answer:
    """eSMS.vn's SendMultipleMessage_V4_post_json: wrong keys are 101; then ``codes`` in turn."""
    queue = list(codes)

    def answer(headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        missing = ESMS_FIELDS - set(body)
        if missing or headers.get("content-type") != "application/json":
            return 400, {"CodeResult": "99", "ErrorMessage": f"missing {sorted(missing)}"}
        if body["ApiKey"] != "key" or body["SecretKey"] != "secret":
            return 200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}
        if body["SmsType"] != "2" or body["Brandname"] != "UBND-XA":
            return 200, {"CodeResult": "104", "ErrorMessage": "Brandname chưa đăng ký"}
        limit = 70 if body["IsUnicode"] == "1" else 160
        if len(body["Content"]) > limit:
            return 200, {"CodeResult": "131", "ErrorMessage": "Content too long"}
        code = queue.pop(0) if queue else "100"
        if code == "100":
            return 200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": "sms-1"}
        return 200, {"CodeResult": code, "ErrorMessage": "Lỗi"}

    return answer


def zns(errors: list[int]) -> Answer:
    """Zalo ZNS's message/template: an access_token header, phone as 84…, the template's data."""
    queue = list(errors)

    def answer(headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if headers.get("access_token") != "token":
            return 200, {"error": -124, "message": "Access token is invalid"}
        if not (str(body.get("phone", "")).startswith("84") and body.get("template_id")
                and isinstance(body.get("template_data"), dict) and body.get("tracking_id")):  # fmt: skip
            return 200, {"error": -108, "message": "Phone number is invalid"}
        error = queue.pop(0) if queue else 0
        if error == 0:
            return 200, {
                "error": 0,
                "message": "Success",
                "data": {"msg_id": "zns-1", "sent_time": "1"},
            }
        return 200, {"error": error, "message": "Failed"}

    return answer
