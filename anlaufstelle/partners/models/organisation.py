"""Organisations the centre works with, their addresses, contact persons and tags."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.partners.querysets import OrganisationQuerySet


class Tag(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation in the partner register (Träger, MSO, school, Kita, authority …)."""

    contact_count: int  # set by `selectors.organisation_list` for the list

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        MSO = "mso", _("Migrant self-organisation")
        WELFARE = "welfare", _("Welfare organisation")
        SCHOOL = "school", _("School")
        KITA = "kita", _("Kita (daycare centre)")
        AUTHORITY = "authority", _("Authority")
        JOBCENTER = "jobcenter", _("Jobcenter")
        PROVIDER = "provider", _("Education or service provider")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    class SchoolForm(models.TextChoices):
        GRUNDSCHULE = "grundschule", _("Grundschule")
        HAUPTSCHULE = "hauptschule", _("Hauptschule")
        REALSCHULE = "realschule", _("Realschule")
        SEKUNDARSCHULE = "sekundarschule", _("Sekundarschule")
        GESAMTSCHULE = "gesamtschule", _("Gesamtschule")
        GYMNASIUM = "gymnasium", _("Gymnasium")
        PRIMUS = "primus", _("PRIMUS-Schule")
        FOERDERSCHULE = "foerderschule", _("Förderschule")
        BERUFSKOLLEG = "berufskolleg", _("Berufskolleg")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    school_number = models.CharField(
        _("NRW school number"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("The NRW school number has six digits."))],
    )
    school_form = models.CharField(_("school form"), max_length=20, choices=SchoolForm.choices, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="organisations", verbose_name=_("tags"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(OrganisationQuerySet))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["centre", "name"]), models.Index(fields=["centre", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "school_number"],
                condition=~models.Q(school_number=""),
                name="organisation_unique_school_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_address(self) -> Address | None:
        addresses = list(self.addresses.all())
        return next((a for a in addresses if a.is_primary), addresses[0] if addresses else None)


class Address(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("e.g. “Main office”"))
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(
        _("postcode"), max_length=5, validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))]
    )
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_primary = models.BooleanField(_("main address"), default=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class ContactPerson(models.Model):
    """A person at an organisation; contacted only with their recorded consent."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_label(self) -> str:
        return f"ContactPerson #{self.pk} (organisation #{self.organisation_id})"
