"""What every object published through OParl carries: created, modified and a soft-delete mark."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Published(models.Model):
    """OParl 1.1 wants `created` and `modified` on every object and deleted objects kept as
    `deleted: true` (spec 2.8); rows are therefore marked, never removed, once they exist."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        abstract = True
