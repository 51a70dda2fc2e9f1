"""factory_boy factories for the partner register."""

from __future__ import annotations

from decimal import Decimal

import factory

from anlaufstelle.core.tests.factories import CentreFactory
from anlaufstelle.partners.models import Address, ContactPerson, Organisation, Tag


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Verein Nummer {n} e.V.")
    kind = Organisation.Kind.ASSOCIATION


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    organisation = factory.SubFactory(OrganisationFactory)
    centre = factory.SelfAttribute("organisation.centre")
    street = "Hauptstraße 1"
    postcode = "47798"
    city = "Musterstadt"
    district = "Mitte"
    latitude = Decimal("51.333000")
    longitude = Decimal("6.564000")
    is_primary = True


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    centre = factory.SelfAttribute("organisation.centre")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Tag {n}")
