"""The current request's client address, for audit entries written deep inside actions."""

from __future__ import annotations

from contextvars import ContextVar, Token

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_ip(ip: str | None) -> Token[str | None]:
    return _client_ip.set(ip)


def reset_ip(token: Token[str | None]) -> None:
    _client_ip.reset(token)
