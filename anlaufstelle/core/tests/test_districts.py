"""Each centre keeps its list of districts; every form that asks for a district offers that list
(with "other or unknown"), and values typed freely before stay shown (issue 20, item 27)."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role

pytestmark = pytest.mark.django_db


def _values(field: forms.Field) -> list[str]:
    return [value for value, _label in field.choices]  # type: ignore[attr-defined]


def test_the_centre_admin_keeps_the_district_list(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:centre_edit", kwargs={"centre": centre.slug})
    data = {
        "name": centre.name,
        "street": "",
        "postcode": "",
        "city": "",
        "email": "",
        "phone": "",
        "districts": " Mitte\nNord\n\nMitte\r\nSüd ",
    }
    assert admin_client.post(url, data).status_code == 302
    centre.refresh_from_db()
    assert centre.district_list == ["Mitte", "Nord", "Süd"]
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action="core.centre.update").latest("created_at")
    assert "districts" in str(entry.changes)


def test_family_address_offers_the_list_and_keeps_an_old_value(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.newcomers.forms import FamilyForm
    from anlaufstelle.newcomers.tests.factories import FamilyFactory

    centre.districts = "Mitte\nNord"
    centre.save()
    form = FamilyForm(centre=centre)
    assert isinstance(form.fields["district"], forms.ChoiceField)
    assert _values(form.fields["district"]) == ["", "Mitte", "Nord"]
    with scopes_disabled():
        family = FamilyFactory(centre=centre, district="Altstadt-Ost")
    form = FamilyForm(instance=family, centre=centre)
    assert "Altstadt-Ost" in _values(form.fields["district"])  # typed before the list existed


def test_without_a_list_the_district_stays_free_text(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.newcomers.forms import FamilyForm

    assert not isinstance(FamilyForm(centre=centre).fields["district"], forms.ChoiceField)


def test_partner_address_and_interpreting_request_use_the_list(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.partners.forms import AddressForm
    from anlaufstelle.volunteers.forms import RequestForm

    centre.districts = "Mitte\nNord"
    centre.save()
    for form in (AddressForm(centre=centre), RequestForm(centre=centre)):
        assert _values(form.fields["district"]) == ["", "Mitte", "Nord"]
    address = AddressForm(
        {"label": "", "street": "Markt 1", "postcode": "47798", "city": "Krefeld", "district": "Anderswo"},
        centre=centre,
    )
    assert not address.is_valid() and "district" in address.errors


def test_volunteer_reach_offers_the_centre_list(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.models import Volunteer, VolunteerLanguage

    centre.districts = "Mitte\nNord"
    centre.save()
    with scopes_disabled():
        volunteer = Volunteer.objects.create(
            centre=centre,
            first_name="Rana",
            last_name="Test",
            email="rana@example.org",
            consent_given_on="2026-01-01",
            districts="|Altstadt|",
        )
        VolunteerLanguage.objects.create(centre=centre, volunteer=volunteer, code="ar")
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    response = client.get(reverse("volunteers:profile", kwargs={"centre": centre.slug, "pk": volunteer.pk}))
    assert _values(response.context["form"].fields["districts"]) == ["Altstadt", "Mitte", "Nord"]
