"""Secret links (offers, personal pages, registrations, certificates): 256-bit random tokens of
which only the SHA-256 is stored, so a copy of the database opens no link."""

from __future__ import annotations

import hashlib
import secrets

MAX_TOKEN_LENGTH = 100  # longer input is never one of ours: refused before any hashing or query


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for the link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def plausible(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH
