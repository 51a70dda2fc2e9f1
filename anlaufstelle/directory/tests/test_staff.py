"""Editors maintain offers: shared fields, texts per language with status, publishing, review due."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


def form_data(organisation, **extra):  # type: ignore[no-untyped-def]
    return {
        "organisation": organisation.pk,
        "area_codes": ["language"],
        "age_codes": ["adults"],
        "language_codes": ["de", "ar"],
        "is_free": "on",
        "de-title": "Deutschkurs am Abend",
        "de-summary": "Zweimal pro Woche",
        **extra,
    }


def test_editor_creates_translates_and_publishes_an_offer(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    login(member_factory(centre, Role.EDITOR))
    with scopes_disabled():
        org = OrganisationFactory(centre=centre, name="VHS")
    response = client.post(reverse("directory:staff_create", kwargs={"centre": centre.slug}), form_data(org))
    assert response.status_code == 302
    with scope(centre=centre):
        offer = Offer.objects.get()
        assert offer.status == "draft" and offer.areas == "|language|" and offer.languages == "|ar|de|"
    search = reverse("directory:search", kwargs={"centre": centre.slug})
    assert client.get(search).context["offers"] == []  # drafts are not public

    edit = reverse("directory:staff_edit", kwargs={"centre": centre.slug, "pk": offer.pk})
    client.post(edit, form_data(org, **{"ar-title": "دورة لغة ألمانية مسائية"}))
    status = {code: s for code, _n, _f, _r, s in client.get(edit).context["translations"]}
    assert status["ar"] == "current" and status["en"] == "missing"
    client.post(
        edit, form_data(org, **{"de-title": "Deutschkurs am Abend (A1)", "ar-title": "دورة لغة ألمانية مسائية"})
    )
    status = {code: s for code, _n, _f, _r, s in client.get(edit).context["translations"]}
    assert status["ar"] == "outdated"

    client.post(
        reverse("directory:staff_status", kwargs={"centre": centre.slug, "pk": offer.pk}), {"status": "published"}
    )
    titles = [item.title for item in client.get(search, {"q": "Deutschkurs"}).context["offers"]]
    assert titles == ["Deutschkurs am Abend (A1)"]
    with scopes_disabled():
        offer.refresh_from_db()
        assert offer.last_reviewed_on == datetime.date.today()
        assert AuditEntry.objects.filter(action="directory.offer.status").exists()


def test_bad_input_keeps_everything_and_explains(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    login(member_factory(centre, Role.EDITOR))
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
        other = OrganisationFactory(centre=centre)
        foreign_address = AddressFactory(organisation=other)
    data = form_data(
        org, **{"de-title": "", "contact_email": "kaputt", "address": foreign_address.pk, "ar-summary": "ملخص"}
    )
    response = client.post(reverse("directory:staff_create", kwargs={"centre": centre.slug}), data)
    assert response.status_code == 200
    assert "title" in response.context["source_form"].errors
    assert {"contact_email", "address"} <= set(response.context["form"].errors)
    assert "ملخص" in response.content.decode()
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_unknown_status_is_refused(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.directory.tests.factories import make_offer

    offer = make_offer(centre, "Kurs")
    login(member_factory(centre, Role.EDITOR))
    client.post(reverse("directory:staff_status", kwargs={"centre": centre.slug, "pk": offer.pk}), {"status": "gone"})
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.status == "published"


def test_review_due_filter(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.directory.tests.factories import make_offer

    fresh = make_offer(centre, "Frisch", last_reviewed_on=datetime.date.today())
    stale = make_offer(centre, "Alt", last_reviewed_on=datetime.date.today() - datetime.timedelta(days=800))
    login(member_factory(centre, Role.CASEWORKER))
    page = client.get(reverse("directory:staff_list", kwargs={"centre": centre.slug}), {"due": "1"})
    assert [offer.pk for offer in page.context["page_obj"]] == [stale.pk]
    assert fresh.pk != stale.pk


def test_review_reminders_reach_partners_and_editors(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from anlaufstelle.core.models import Membership
    from anlaufstelle.directory.reviews import send_review_reminders
    from anlaufstelle.directory.tests.factories import make_offer

    with scopes_disabled():
        org = OrganisationFactory(centre=centre, name="Sportverein")
    make_offer(centre, "Alt", organisation=org, last_reviewed_on=datetime.date.today() - datetime.timedelta(days=400))
    make_offer(centre, "Frisch", last_reviewed_on=datetime.date.today())
    partner = member_factory(centre, Role.VOLUNTEER, email="verein@example.org")
    Membership.objects.create(user=partner, centre=centre, role=Role.PARTNER, organisation=org)
    member_factory(centre, Role.EDITOR, email="redaktion@example.org")
    member_factory(centre, Role.CASEWORKER, email="beratung@example.org")
    assert send_review_reminders() == 2
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["redaktion@example.org", "verein@example.org"]
    assert "1" in mail.outbox[0].body


# --- issue 20, item 26 ------------------------------------------------------------------------


def test_translation_panel_lines_each_field_up_with_its_german_source(  # type: ignore[no-untyped-def]
    client: Client, centre, member_factory, login
) -> None:
    import re

    login(member_factory(centre, Role.EDITOR))
    with scopes_disabled():
        org = OrganisationFactory(centre=centre, name="VHS")
    client.post(
        reverse("directory:staff_create", kwargs={"centre": centre.slug}),
        form_data(org, **{"de-summary": "Zweimal pro Woche", "ar-title": "دورة مسائية"}),
    )
    with scope(centre=centre):
        offer = Offer.objects.get()
    page = client.get(reverse("directory:staff_edit", kwargs={"centre": centre.slug, "pk": offer.pk})).content.decode()
    # Each Arabic field directly follows its German source, which is marked German, left to right.
    for name, german in (("title", "Deutschkurs am Abend"), ("summary", "Zweimal pro Woche")):
        found = re.search(
            rf'id="source-ar-{name}"\s+lang="de"\s+dir="ltr">{german}</div>(.*?)<(input|textarea)[^>]*name="ar-{name}"',
            page,
            re.S,
        )
        assert found and 'name="ar-' not in found.group(1), name
    # The inputs carry Arabic and right to left; labels do not sit inside a right-to-left element.
    title_input = re.search(r'<input[^>]*name="ar-title"[^>]*>', page).group(0)  # type: ignore[union-attr]
    assert (
        'lang="ar"' in title_input
        and 'dir="rtl"' in title_input
        and 'aria-describedby="source-ar-title"' in title_input
    )
    assert 'value="دورة مسائية"' in title_input
    tags_with_rtl = re.findall(r"<(\w+)[^>]*\sdir=\"rtl\"", page)
    assert tags_with_rtl and set(tags_with_rtl) <= {"input", "textarea"}
    assert not re.search(r'<label[^>]*(lang="ar"|dir="rtl")', page)


def _offer_with_texts(centre, org, title: str):  # type: ignore[no-untyped-def]
    from anlaufstelle.directory.actions import offer_save

    with scope(centre=centre):
        return offer_save(
            centre=centre,
            actor=None,
            data={"organisation": org, "address": None},
            texts={"de": {"title": title}, "en": {"title": f"{title} (en)"}, "ar": {"title": f"{title} (ar)"}},
        )


def test_offer_list_shows_each_languages_translation_status_within_its_query_budget(  # type: ignore[no-untyped-def]
    client: Client, centre, member_factory, login
) -> None:
    import re

    from anlaufstelle.directory.models import OfferTranslation

    login(member_factory(centre, Role.EDITOR))
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    first = _offer_with_texts(centre, org, "Sprachcafé")
    with scopes_disabled():
        # The German text changes after the English one: English is outdated; Turkish is machine-made.
        de = OfferTranslation.objects.get(offer=first, language="de")
        de.title = "Sprachcafé am Mittwoch"
        de.save()
        OfferTranslation.objects.filter(offer=first, language="ar").update(source_digest=de.digest())
        OfferTranslation.objects.create(
            offer=first, language="tr", title="Dil kafesi", machine_translated=True, source_digest=de.digest()
        )
    url = reverse("directory:staff_list", kwargs={"centre": centre.slug})
    client.get(url)
    with query_budget() as one:
        page = client.get(url).content.decode()
    row = re.search(r"Sprachcafé am Mittwoch.*?</tr>", page, re.S).group(0)  # type: ignore[union-attr]
    states = dict(re.findall(r'data-language="(\w+)" data-status="(\w+)"', row))
    assert states == {"en": "outdated", "ar": "current", "uk": "missing", "tr": "machine"}
    for n in range(5):
        _offer_with_texts(centre, org, f"Kurs {n}")
    client.get(url)
    with query_budget() as six:
        page = client.get(url)
    assert len(page.context["page_obj"].object_list) == 6
    six.assert_exactly(one.count)


# The staff offer list, whatever the number of offers: session, user, device, centre, membership, then
# count, the page of offers (providers and addresses joined) and their translations.
STAFF_LIST_BUDGET = 8


def test_the_staff_offer_list_has_a_query_budget_that_does_not_grow_with_rows(  # type: ignore[no-untyped-def]
    client: Client, centre, member_factory, login
) -> None:
    login(member_factory(centre, Role.EDITOR))
    url = reverse("directory:staff_list", kwargs={"centre": centre.slug})
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    _offer_with_texts(centre, org, "Sprachcafé")
    client.get(url)  # warm-up: the first request also writes the session
    with query_budget(STAFF_LIST_BUDGET) as one:
        assert client.get(url).status_code == 200
    for n in range(11):
        with scopes_disabled():
            provider = OrganisationFactory(centre=centre)
            address = AddressFactory(organisation=provider)
        make_offer(centre, f"Kurs {n}", organisation=provider, address=address)
    client.get(url)
    with query_budget(STAFF_LIST_BUDGET) as many:
        page = client.get(url)
    assert len(page.context["page_obj"].object_list) == 12
    many.assert_exactly(one.count)


def test_review_reminders_stay_inside_each_centre(centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from anlaufstelle.directory.reviews import send_review_reminders

    old = datetime.date.today() - datetime.timedelta(days=400)
    make_offer(centre, "Alt eins", last_reviewed_on=old)
    make_offer(centre, "Alt zwei", last_reviewed_on=old)
    make_offer(other_centre, "Alt drei", last_reviewed_on=old)
    member_factory(centre, Role.EDITOR, email="hier@example.org")
    member_factory(other_centre, Role.EDITOR, email="dort@example.org")
    assert send_review_reminders() == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {"hier@example.org", "dort@example.org"}
    assert (
        f"/{centre.slug}/" in bodies["hier@example.org"] and f"/{other_centre.slug}/" not in bodies["hier@example.org"]
    )
    assert (
        f"/{other_centre.slug}/" in bodies["dort@example.org"] and f"/{centre.slug}/" not in bodies["dort@example.org"]
    )
    assert "2" in bodies["hier@example.org"] and "1" in bodies["dort@example.org"]
