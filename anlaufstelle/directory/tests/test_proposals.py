"""A partner proposes; the editor sees a diff and publishes or returns it; both are told."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.directory.models import Offer, OfferProposal
from anlaufstelle.directory.tests.factories import make_offer
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
        response = editor.post(reverse("directory:proposal_publish", kwargs={"centre": centre.slug, "pk": proposal.pk}))
    assert response.status_code == 302
    with scope(centre=centre):
        offer = Offer.objects.get()
        assert offer.status == "published" and offer.organisation == org and offer.address == address
    assert mail.outbox[-1].to == [f"partner{org.pk}@example.org"]
    search = Client().get(reverse("directory:search", kwargs={"centre": centre.slug}), {"q": "Familientreff"})
    assert [item.title for item in search.context["offers"]] == ["Offener Familientreff"]


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
    assert editor.post(
        reverse("directory:proposal_return", kwargs={"centre": centre.slug, "pk": proposal.pk}), {"comment": ""}
    ).context["error"]
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("directory:proposal_return", kwargs={"centre": centre.slug, "pk": proposal.pk}),
            {"comment": "Bitte Uhrzeit ergänzen."},
        )
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
    publish = reverse("directory:proposal_publish", kwargs={"centre": centre.slug, "pk": proposal.pk})
    editor.post(publish)
    editor.post(publish)
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
    response = editor.post(reverse("directory:proposal_publish", kwargs={"centre": centre.slug, "pk": proposal.pk}))
    assert response.status_code in {200, 302}


# --- issue 20, item 26 ------------------------------------------------------------------------


def test_partner_and_editor_talk_about_a_proposal_and_the_editor_corrects_it(  # type: ignore[no-untyped-def]
    centre, other_centre, member_factory, django_capture_on_commit_callbacks
) -> None:
    from anlaufstelle.core.models import AuditEntry
    from anlaufstelle.directory.models import ProposalComment

    with scopes_disabled():
        org = OrganisationFactory(centre=centre, name="Kulturverein")
    offer = make_offer(centre, "Hausaufgabenhilfe", organisation=org)
    partner = partner_client(centre, member_factory, org)
    partner.post(
        reverse("directory:partner_change", kwargs={"centre": centre.slug, "pk": offer.pk}),
        {"organisation": org.pk, "de-title": "Hausaufgabenhilfe montas", "ar-title": "مساعدة في الواجبات"},
    )
    with scopes_disabled():
        proposal = OfferProposal.objects.get()
    editor_user = member_factory(centre, Role.EDITOR, email="redaktion@example.org")
    editor = Client()
    verify(editor, editor_user)
    review = reverse("directory:proposal_review", kwargs={"centre": centre.slug, "pk": proposal.pk})
    comment_url = reverse("directory:proposal_comment", kwargs={"centre": centre.slug, "pk": proposal.pk})
    own_page = reverse("directory:partner_proposal", kwargs={"centre": centre.slug, "pk": proposal.pk})
    # The editor asks; the partner is told, reads it on the proposal's page and answers; the editors are told.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(comment_url, {"text": "Ab wann gilt das?"}).status_code == 302
    assert mail.outbox[-1].to == [f"partner{org.pk}@example.org"] and "Ab wann gilt das?" in mail.outbox[-1].body
    assert "Ab wann gilt das?" in partner.get(own_page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert partner.post(own_page, {"text": "Ab 1. März."}).status_code == 302
    assert mail.outbox[-1].to == ["redaktion@example.org"] and "Ab 1. März." in mail.outbox[-1].body
    page = editor.get(review).content.decode()
    assert page.index("Ab wann gilt das?") < page.index("Ab 1. März.")
    assert partner.post(own_page, {"text": "  "}).status_code == 422
    assert editor.post(comment_url, {"text": "x" * 2001}).status_code == 302
    with scopes_disabled():
        assert ProposalComment.objects.count() == 2
        assert AuditEntry.objects.filter(action="directory.proposal.comment").count() == 2
    # Another partner, another centre: not found; a GET of the comment URL is refused.
    with scopes_disabled():
        stranger = partner_client(centre, member_factory, OrganisationFactory(centre=centre))
    assert stranger.get(own_page).status_code == 404
    assert stranger.post(own_page, {"text": "Hallo"}).status_code == 404
    assert editor.get(comment_url).status_code == 405
    foreign = reverse("directory:proposal_comment", kwargs={"centre": other_centre.slug, "pk": proposal.pk})
    assert editor.post(foreign, {"text": "Hallo"}).status_code in (403, 404)

    # The editor corrects the typo before publishing; the partner's version and who changed what are kept.
    edit = reverse("directory:proposal_edit", kwargs={"centre": centre.slug, "pk": proposal.pk})
    form_page = editor.get(edit)
    assert form_page.status_code == 200
    assert form_page.context["source_form"]["title"].value() == "Hausaufgabenhilfe montas"
    response = editor.post(
        edit, {"organisation": org.pk, "de-title": "Hausaufgabenhilfe montags", "ar-title": "مساعدة في الواجبات"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        proposal.refresh_from_db()
        assert proposal.payload["texts"]["de"]["title"] == "Hausaufgabenhilfe montags"
        assert proposal.partner_payload["texts"]["de"]["title"] == "Hausaufgabenhilfe montas"
        assert [(e["by"], e["fields"]) for e in proposal.edits] == [(editor_user.pk, ["Titel (de)"])]
        assert AuditEntry.objects.filter(action="directory.proposal.edit", actor=editor_user).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("directory:proposal_publish", kwargs={"centre": centre.slug, "pk": proposal.pk}))
    with scopes_disabled():
        assert offer.translations.get(language="de").title == "Hausaufgabenhilfe montags"
        published = AuditEntry.objects.get(action="directory.proposal.published")
        assert published.changes["edited_by_editors"][1] == [[editor_user.pk, ["Titel (de)"]]]
    # A decided proposal is not corrected any more.
    assert editor.post(edit, {"organisation": org.pk, "de-title": "Später"}).status_code == 302
    with scopes_disabled():
        proposal.refresh_from_db()
        assert proposal.payload["texts"]["de"]["title"] == "Hausaufgabenhilfe montags"


def test_publish_and_return_are_one_endpoint_each(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.models import AuditEntry

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
    kwargs = {"centre": centre.slug, "pk": proposal.pk}
    publish = reverse("directory:proposal_publish", kwargs=kwargs)
    give_back = reverse("directory:proposal_return", kwargs=kwargs)
    page = editor.get(reverse("directory:proposal_review", kwargs=kwargs)).content.decode()
    assert f'formaction="{publish}"' in page and f'action="{give_back}"' in page
    assert editor.get(publish).status_code == 405 and editor.get(give_back).status_code == 405
    # A comment sent to "publish" publishes; nothing is returned.
    assert editor.post(publish, {"comment": "egal"}).status_code == 302
    with scopes_disabled():
        assert OfferProposal.objects.get().status == "published"
    # Deciding again is refused with a message and changes nothing.
    response = editor.post(give_back, {"comment": "Zu spät"}, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    with scopes_disabled():
        assert OfferProposal.objects.get().status == "published"
        assert AuditEntry.objects.filter(action="directory.proposal.returned").count() == 0
