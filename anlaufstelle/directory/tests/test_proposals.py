"""A partner proposes; the editor sees a diff and publishes or returns it; both are told."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.directory.models import Offer, OfferProposal
from anlaufstelle.directory.tests.test_public import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory
from conftest import verify


def partner_client(centre, member_factory, organisation) -> Client:  # type: ignore[no-untyped-def]
    user = member_factory(centre, Role.VOLUNTEER, email=f"partner{organisation.pk}@example.org")
    Membership.objects.create(user=user, centre=centre, role=Role.PARTNER, organisation=organisation)
    client = Client()
    verify(client, user)
    return client


def test_new_offer_proposed_reviewed_as_diff_and_published(
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre, name="Deutsch-Syrischer Kulturverein")
        address = AddressFactory(organisation=org)
    editor_user = member_factory(centre, Role.EDITOR, email="redaktion@example.org")
    partner = partner_client(centre, member_factory, org)
    url = reverse("directory:partner_propose", kwargs={"centre": centre.slug})
    form = partner.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [org]
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(
            url,
            {
                "organisation": org.pk,
                "address": address.pk,
                "area_codes": ["migrant_orgs"],
                "language_codes": ["ar", "de"],
                "is_free": "on",
                "de-title": "Offener Familientreff",
                "ar-title": "لقاء العائلات",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]
    with scopes_disabled():
        proposal = OfferProposal.objects.get()
        assert not Offer.objects.exists()  # nothing is public before review

    editor = Client()
    verify(editor, editor_user)
    review = reverse("directory:proposal_review", kwargs={"centre": centre.slug, "pk": proposal.pk})
    changes = {c.label: (c.before, c.after) for c in editor.get(review).context["changes"]}
    assert changes["Titel (de)"] == ("", "Offener Familientreff")
    assert changes["Titel (ar)"] == ("", "لقاء العائلات")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(review, {"decision": "publish"})
    assert response.status_code == 302
    with scope(centre=centre):
        offer = Offer.objects.get()
        assert offer.status == "published" and offer.organisation == org and offer.address == address
    assert mail.outbox[-1].to == [f"partner{org.pk}@example.org"]
    search = Client().get(reverse("directory:search", kwargs={"centre": centre.slug}), {"q": "Familientreff"})
    assert [item.text.title for item in search.context["offers"]] == ["Offener Familientreff"]


def test_change_is_returned_with_a_comment_and_nothing_changes(
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    offer = make_offer(centre, "Hausaufgabenhilfe", organisation=org)
    partner = partner_client(centre, member_factory, org)
    change = reverse("directory:partner_change", kwargs={"centre": centre.slug, "pk": offer.pk})
    assert partner.get(change).context["source_form"]["title"].value() == "Hausaufgabenhilfe"
    partner.post(change, {"organisation": org.pk, "de-title": "Hausaufgabenhilfe montags"})
    with scopes_disabled():
        proposal = OfferProposal.objects.get()
    editor = Client()
    verify(editor, member_factory(centre, Role.EDITOR))
    review = reverse("directory:proposal_review", kwargs={"centre": centre.slug, "pk": proposal.pk})
    changes = {c.label: (c.before, c.after) for c in editor.get(review).context["changes"]}
    assert changes["Titel (de)"] == ("Hausaufgabenhilfe", "Hausaufgabenhilfe montags")
    assert editor.post(review, {"decision": "return", "comment": ""}).context["error"]
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(review, {"decision": "return", "comment": "Bitte Uhrzeit ergänzen."})
    with scopes_disabled():
        proposal.refresh_from_db()
        assert proposal.status == "returned"
        assert offer.translations.get(language="de").title == "Hausaufgabenhilfe"
    assert "Bitte Uhrzeit ergänzen." in mail.outbox[-1].body
    listing = partner.get(reverse("directory:partner_offers", kwargs={"centre": centre.slug}))
    assert "Bitte Uhrzeit ergänzen." in listing.content.decode()


def test_partner_cannot_touch_other_organisations(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        own = OrganisationFactory(centre=centre)
        other = OrganisationFactory(centre=centre)
    foreign_offer = make_offer(centre, "Fremdes Angebot", organisation=other)
    partner = partner_client(centre, member_factory, own)
    change = reverse("directory:partner_change", kwargs={"centre": centre.slug, "pk": foreign_offer.pk})
    assert partner.get(change).status_code == 404
    assert partner.post(change, {"organisation": other.pk, "de-title": "Gekapert"}).status_code == 404
    propose = reverse("directory:partner_propose", kwargs={"centre": centre.slug})
    response = partner.post(propose, {"organisation": other.pk, "de-title": "Im fremden Namen"})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    with scopes_disabled():
        assert not OfferProposal.objects.exists()
    # Partners see neither the editors' review nor the staff offer list.
    assert partner.get(reverse("directory:proposal_list", kwargs={"centre": centre.slug})).status_code == 403
    assert partner.get(reverse("directory:staff_list", kwargs={"centre": centre.slug})).status_code == 403


def test_decided_proposal_cannot_be_decided_again(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    partner = partner_client(centre, member_factory, org)
    partner.post(
        reverse("directory:partner_propose", kwargs={"centre": centre.slug}),
        {"organisation": org.pk, "de-title": "Neu"},
    )
    with scopes_disabled():
        proposal = OfferProposal.objects.get()
    editor = Client()
    verify(editor, member_factory(centre, Role.EDITOR))
    review = reverse("directory:proposal_review", kwargs={"centre": centre.slug, "pk": proposal.pk})
    editor.post(review, {"decision": "publish"})
    editor.post(review, {"decision": "publish"})
    with scopes_disabled():
        assert Offer.objects.count() == 1


def test_second_decision_on_a_decided_proposal_is_a_message_not_an_error(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.directory import proposals as proposal_actions

    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    partner = partner_client(centre, member_factory, org)
    partner.post(
        reverse("directory:partner_propose", kwargs={"centre": centre.slug}),
        {"organisation": org.pk, "de-title": "Neu"},
    )
    editor_user = member_factory(centre, Role.EDITOR)
    editor = Client()
    verify(editor, editor_user)
    with scopes_disabled():
        proposal = OfferProposal.objects.get()
    review = reverse("directory:proposal_review", kwargs={"centre": centre.slug, "pk": proposal.pk})
    editor.get(review)
    with scope(centre=centre):  # another editor decides it first
        proposal_actions.proposal_return(proposal=proposal, actor=editor_user, comment="Bitte ergänzen")
    # The page the first editor still has open says "waiting"; deciding now must not fail.
    with scopes_disabled():
        OfferProposal.objects.filter(pk=proposal.pk).update(status="pending")
        stale = OfferProposal.objects.get(pk=proposal.pk)
        OfferProposal.objects.filter(pk=proposal.pk).update(status="returned")
    assert stale.status == "pending"
    response = editor.post(review, {"decision": "publish"})
    assert response.status_code in {200, 302}
