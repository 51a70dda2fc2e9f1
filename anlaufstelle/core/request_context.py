"""The current request's client address, for audit entries written deep inside actions."""

from __future__ import annotations

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_ip(ip: str | None) -> object:
    return _client_ip.set(ip)


def reset_ip(token: object) -> None:
    _client_ip.reset(token)  # type: ignore[arg-type]
