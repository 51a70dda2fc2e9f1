"""Test data of the library module: `make_library` (one of each object, for the URL matrix and the view
tests), small builders, and `catalogue()` (this module's URLs for core/tests/url_catalogue.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.library import actions
from anlaufstelle.library.models import Borrower, Copy, Hold, KitComponent, Loan, LoanRule, MediaType, Title, Topic
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory

ISBN = "9783161484100"


@dataclass
class Library:
    topic: Topic
    title: Title
    copy: Copy
    kit_title: Title
    kit: Copy
    component: KitComponent
    borrower: Borrower
    loan: Loan
    hold: Hold
    rule: LoanRule
    librarian: User


def librarian(centre: Centre) -> User:
    user = UserFactory()
    Membership.objects.create(user=user, centre=centre, role="caseworker")
    return user


def make_title(centre: Centre, title: str = "Mein erstes Bilderwörterbuch", **fields: Any) -> Title:
    values = {"media_type": MediaType.PICTURE_BOOK, "languages": "|ar|de|", "authors": "Ayşe Yılmaz", **fields}
    return Title.objects.create(centre=centre, title=title, **values)


def make_copy(title: Title, barcode: str, **fields: Any) -> Copy:
    return Copy.objects.create(centre=title.centre, title=title, barcode=barcode, **fields)


def make_borrower(centre: Centre, organisation: Any = None) -> Borrower:
    contact = ContactPersonFactory(organisation=organisation or OrganisationFactory(centre=centre))
    return Borrower.objects.create(centre=centre, kind=Borrower.Kind.CONTACT, contact=contact)


def make_library(centre: Centre) -> Library:
    """A title with two copies (one lent, with a waiting hold by a second borrower), a kit with one component."""
    with scopes_disabled():
        staff = librarian(centre)
        topic = Topic.objects.create(centre=centre, name="Mehrsprachigkeit")
        title = make_title(centre, isbn=ISBN)
        title.topics.add(topic)
        copy = make_copy(title, f"{centre.slug}-0001", shelf_mark="DaZ 1")
        make_copy(title, f"{centre.slug}-0002")
        kit_title = make_title(centre, "Medienkoffer Sprachförderung", media_type=MediaType.KIT, languages="|de|")
        kit = make_copy(kit_title, f"{centre.slug}-K001")
        component = KitComponent.objects.create(centre=centre, kit=kit, label="20 Bildkarten")
        borrower = make_borrower(centre)
        loan = actions.check_out(centre=centre, actor=staff, barcode=copy.barcode, borrower=borrower)
        other = make_borrower(centre)
        hold = actions.hold_place(title=kit_title, borrower=other, actor=staff)
        rule = LoanRule.objects.create(centre=centre, borrower_kind=Borrower.Kind.CONTACT, media_type=MediaType.KIT)
        return Library(topic, title, copy, kit_title, kit, component, borrower, loan, hold, rule, staff)


def catalogue() -> dict[str, Any]:
    """This module's URLs for the site's URL matrix: name -> (kwargs builder, permission, status on GET)."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.library, attribute).pk}

    manage = "library.manage"
    return {
        "library:overview": (c, manage, 200),
        "library:title_create": (c, manage, 200),
        "library:title": (pk("title"), manage, 200),
        "library:title_edit": (pk("title"), manage, 200),
        "library:copy_create": (pk("title"), manage, 200),
        "library:labels": (pk("title"), manage, 200),
        "library:copy": (pk("copy"), manage, 200),
        "library:copy_edit": (pk("copy"), manage, 200),
        "library:component_add": (pk("kit"), manage, 405),
        "library:component_lost": (pk("component"), manage, 405),
        "library:topics": (c, manage, 200),
        "library:import": (c, manage, 200),
        "library:borrowers": (c, manage, 200),
        "library:borrower": (pk("borrower"), manage, 200),
        "library:borrower_access": (pk("borrower"), manage, 200),
        "library:borrower_erase": (pk("borrower"), manage, 302),
        "library:rules": (c, manage, 200),
        "library:rule_create": (c, manage, 200),
        "library:rule_edit": (pk("rule"), manage, 200),
        "library:figures": (c, manage, 200),
        "library:desk": (c, manage, 200),
        "library:check_out": (c, manage, 405),
        "library:check_in": (c, manage, 405),
        "library:renew": (pk("loan"), manage, 405),
        "library:hold_place": (pk("title"), manage, 405),
        "library:hold_cancel": (pk("hold"), manage, 405),
        "library:public_catalogue": (c, "public", 200),
        "library:public_title": (pk("title"), "public", 200),
    }
