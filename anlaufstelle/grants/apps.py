"""Grants: funding sources, calls, online applications by partners, two-person review, decisions,
payments and proof of use (KOMM-AN NRW and the centre's own funds; decision 0024)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "anlaufstelle.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from anlaufstelle.grants import permissions  # noqa: F401 - register the permission table
