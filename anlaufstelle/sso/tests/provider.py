"""A real OpenID Connect provider on loopback for the tests: oidc-provider-mock (Flask + Authlib),
wrapped so that it also enforces PKCE S256 (the mock accepts any verifier), counts token
requests and can be told to answer badly. Started and stopped by the tests themselves."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import werkzeug.serving


@dataclass
class Recorder:
    challenges: dict[str, str] = field(default_factory=dict)  # code -> S256 challenge
    authorize_queries: list[dict[str, list[str]]] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)


class PkceEnforcer:
    """WSGI middleware: remember the code_challenge of each issued code and refuse a token request
    whose code_verifier does not hash to it."""

    def __init__(self, app: Any, recorder: Recorder) -> None:
        self.app = app
        self.recorder = recorder

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            self.recorder.authorize_queries.append(query)

            def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
                for name, value in headers:
                    if name.lower() == "location":
                        code = parse_qs(urlparse(value).query).get("code")
                        if code and query.get("code_challenge_method") == ["S256"]:
                            self.recorder.challenges[code[0]] = query["code_challenge"][0]
                return start_response(status, headers, *args)

            return self.app(environ, capture)
        if path == "/oauth2/token" and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            form = parse_qs(body.decode())
            self.recorder.token_requests.append(form)
            code = (form.get("code") or [""])[0]
            verifier = (form.get("code_verifier") or [""])[0]
            expected = self.recorder.challenges.get(code)
            actual = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if expected is None or actual != expected:
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant", "error_description": "PKCE verification failed"}']
        return self.app(environ, start_response)


@dataclass
class RunningProvider:
    issuer: str
    recorder: Recorder

    def sign_in(self, authorize_url: str, sub: str) -> str:
        """What the person does at the provider: choose their account. Returns the redirect back."""
        import httpx

        response = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        return response.headers["location"]

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        import httpx

        httpx.put(f"{self.issuer}/users/{sub}", json=claims).raise_for_status()


@contextmanager
def running_provider() -> Iterator[RunningProvider]:
    from oidc_provider_mock import app as provider_app

    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # http on loopback
    recorder = Recorder()
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, PkceEnforcer(provider_app(require_nonce=True), recorder), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield RunningProvider(issuer=f"http://127.0.0.1:{server.server_port}", recorder=recorder)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
