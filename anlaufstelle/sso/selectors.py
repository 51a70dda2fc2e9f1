"""Reads of the sso module."""

from __future__ import annotations

from django.db.models import QuerySet

from anlaufstelle.core.models import Centre
from anlaufstelle.sso.models import IdentityProvider


def enabled_provider(*, centre: Centre) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(centre=centre, enabled=True, centre__is_active=True).first()


def provider_by_id(*, pk: int) -> IdentityProvider | None:
    return IdentityProvider.objects.select_related("centre").filter(pk=pk, enabled=True, centre__is_active=True).first()


def centre_provider(*, centre: Centre) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(centre=centre).first()


def centres_with_sign_in() -> QuerySet[IdentityProvider]:
    return (
        IdentityProvider.objects.filter(enabled=True, centre__is_active=True)
        .select_related("centre")
        .order_by("centre__name")
    )
