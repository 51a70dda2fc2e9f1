"""factory_boy factories for newcomer families, children, seats and slots (synthetic data only)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from anlaufstelle.core.tests.factories import CentreFactory
from anlaufstelle.newcomers.models import AppointmentSlot, Child, Family, Guardian, SeatQuota
from anlaufstelle.newcomers.models.schools import ClassModel, GradeBand
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    centre = factory.SubFactory(CentreFactory)
    street = "Lindenweg 3"
    postcode = "47798"
    city = "Musterstadt"
    district = "Mitte"
    latitude = 51.333
    longitude = 6.564
    languages = "|ar|"
    letter_language = "ar"
    consent_given_on = factory.LazyFunction(timezone.localdate)
    privacy_notice_language = "ar"


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFactory)
    centre = factory.SelfAttribute("family.centre")
    first_name = "Amal"
    last_name = factory.Sequence(lambda n: f"Haddad{n}")
    phone = "0151 0000000"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    centre = factory.SelfAttribute("family.centre")
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    last_name = "Haddad"
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=int(8.5 * 365)))
    schooling_years = 2
    # What the school statistics need at the hand-over (Destatis codes; 475 = Syria).
    nationality = "475"
    birth_country = "475"
    schooling_country = "475"
    stage = Child.Stage.COUNSELLED
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class SchoolFactory(OrganisationFactory):
    class Meta:
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Grundschule am Park {n}")
    kind = Organisation.Kind.SCHOOL
    school_form = Organisation.SchoolForm.GRUNDSCHULE
    address = factory.RelatedFactory(
        AddressFactory,
        factory_related_name="organisation",
        latitude=Decimal("51.340000"),
        longitude=Decimal("6.570000"),
    )


class SeatQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatQuota

    school = factory.SubFactory(SchoolFactory)
    centre = factory.SelfAttribute("school.centre")
    grade_band = GradeBand.PRIMARY
    class_model = ClassModel.REGULAR
    seats = 3


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentSlot

    centre = factory.SubFactory(CentreFactory)
    kind = AppointmentSlot.Kind.HEALTH_EXAM
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    duration_minutes = 30
    place = "Gesundheitsamt, Kreishaus"
