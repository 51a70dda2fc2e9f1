"""Secret links (offers, personal pages, registrations, certificates): 256-bit random tokens of
which only the SHA-256 is stored, so a copy of the database opens no link."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model
from django_scopes import scope

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre

M = TypeVar("M", bound=Model)

MAX_TOKEN_LENGTH = 100  # longer input is never one of ours: refused before any hashing or query


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for the link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def plausible(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH


def find_by_token(
    model: type[M],
    *,
    centre: Centre,
    token: str,
    field: str = "token_hash",
    select_related: tuple[str, ...] = (),
    **filters: Any,
) -> M | None:
    """The `model` row whose `field` holds the hash of `token` (and that matches `filters`),
    searched inside `centre`'s data scope only: a link of centre A never opens anything under
    centre B's address, and the query never reads another centre's rows. None for an implausible
    or unknown token."""
    if not plausible(token):
        return None
    with scope(centre=centre):
        # The default manager is the model's scoped one (`objects`), so the scope applies.
        rows = model._default_manager.filter(**{field: token_hash(token)}, **filters)
        return rows.select_related(*select_related).first()
