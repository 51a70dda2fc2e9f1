"""The body and its people: legislative terms, committees (the council, working groups, lists),
persons with their publication consent, memberships and the lists' candidates who move up."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.council.models.base import Published
from anlaufstelle.council.querysets import CentreQuerySet, CommitteeQuerySet, MembershipQuerySet, PersonQuerySet


class LegislativeTerm(Published):
    """Wahlperiode: the Integrationsrat is elected with the municipal council (§ 27 GO NRW)."""

    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(CentreQuerySet))

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return self.name


class Committee(Published):
    """A group of persons — OParl's Organization: the Integrationsrat itself, a working group
    (Arbeitskreis, a sub-body of the council) or an electoral list (the `onBehalfOf` of a seat)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Integration council")
        WORKING_GROUP = "working_group", _("Working group")
        LIST = "list", _("Electoral list")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(CommitteeQuerySet))

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Person(Published):
    """A member, deputy or list candidate. Each personal field is published only with the
    person's consent (OParl's data-protection chapter, 1.6)."""

    form_of_address = models.CharField(_("form of address"), max_length=50, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    publish_name = models.BooleanField(_("name may be published"), default=False)
    publish_email = models.BooleanField(_("e-mail may be published"), default=False)
    publish_phone = models.BooleanField(_("phone may be published"), default=False)
    publish_attendance = models.BooleanField(_("attendance may be published"), default=False)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    ever_public = models.BooleanField(default=False, editable=False)  # once public, depublishing shows it deleted

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(PersonQuerySet))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name", "id"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ever_public = self.ever_public or self.publish_name
        super().save(*args, **kwargs)

    @property
    def audit_label(self) -> str:
        return f"Council person #{self.pk}"


class Membership(Published):
    """A seat of a person in a committee for a time, with role, voting right, the list it was
    won on (OParl `onBehalfOf`) and the personal deputy (persönliche Stellvertretung)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        ADVISORY = "advisory", _("Advisory member")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("committee")
    )
    on_behalf_of = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("elected on the list"),
        limit_choices_to={"kind": Committee.Kind.LIST},
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)
    deputy = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputising",
        verbose_name=_("personal deputy"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    successor_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("successor of"),
    )

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(MembershipQuerySet))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee_id", "start_date", "id"]

    def __str__(self) -> str:
        return f"{self.person} – {self.committee}"


class ListCandidate(models.Model):
    """A place on an electoral list: when a member elected on the list leaves, the next candidate
    without a seat moves up (Nachrücken)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    electoral_list = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("list")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("person"))
    position = models.PositiveSmallIntegerField(_("position on the list"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("list candidate")
        verbose_name_plural = _("list candidates")
        ordering = ["electoral_list_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["electoral_list", "position"], name="council_candidate_unique_position"),
            models.UniqueConstraint(fields=["electoral_list", "person"], name="council_candidate_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"
