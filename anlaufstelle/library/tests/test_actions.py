"""The library's rules: ISBNs, barcodes, kits at return, circulation rules, holds served in order."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.library import actions, isbn
from anlaufstelle.library.errors import LibraryError
from anlaufstelle.library.models import Borrower, Hold, KitComponent, LoanRule, MediaType, TitleText
from anlaufstelle.library.tests.factories import librarian, make_borrower, make_copy, make_title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture(autouse=True)
def _messages_in_english():  # type: ignore[no-untyped-def]
    """The refusals below are matched by their English words (the German ones are in the .po file)."""
    with translation.override("en"):
        yield


def test_isbn_ten_and_thirteen_are_stored_as_thirteen_and_shown_hyphenated() -> None:
    assert isbn.normalise("3-16-148410-X") == "9783161484100"
    assert isbn.normalise(" 978 3 16 148410 0 ") == "9783161484100"
    assert isbn.hyphenated("9783161484100") == "978-3-16-148410-0"
    assert isbn.normalise("") == ""
    with pytest.raises(ValueError):
        isbn.normalise("978-3-16-148410-1")


def test_title_save_refuses_a_wrong_check_digit_and_keeps_summaries(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    data = {"title": "Sprachschätze", "isbn": "978-3-16-148410-1", "media_type": MediaType.BOOK}
    with pytest.raises(LibraryError) as refusal:
        actions.title_save(centre=centre, actor=staff, data=data)
    assert refusal.value.field == "isbn"
    title = actions.title_save(
        centre=centre,
        actor=staff,
        data={**data, "isbn": "3-16-148410-X", "languages": ["de", "ar"]},
        summaries={"de": "Wortschatz für Kita-Kinder.", "ar": "مفردات لأطفال الروضة", "en": ""},
    )
    assert title.isbn == "9783161484100" and title.isbn_display == "978-3-16-148410-0"
    assert title.languages == "|ar|de|"
    assert set(TitleText.objects.filter(title=title).values_list("language", flat=True)) == {"de", "ar"}
    arabic = TitleText.objects.get(title=title, language="ar")
    assert arabic.source_digest == TitleText.objects.get(title=title, language="de").digest()
    assert AuditEntry.objects.filter(action="library.title.save").count() == 1


def test_a_barcode_is_unique_in_the_centre_only(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    title = make_title(centre)
    actions.copy_save(title=title, actor=staff, data={"barcode": "A1", "condition": "good"})
    with pytest.raises(LibraryError):
        actions.copy_save(title=title, actor=staff, data={"barcode": " A1 ", "condition": "good"})
    actions.copy_save(title=make_title(other_centre), actor=librarian(other_centre), data={"barcode": "A1"})


def test_check_out_refuses_unknown_barcode_lent_copy_and_too_many_loans(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    title = make_title(centre)
    make_copy(title, "B1")
    make_copy(title, "B2")
    borrower = make_borrower(centre)
    with pytest.raises(LibraryError, match="B9"):
        actions.check_out(centre=centre, actor=staff, barcode="B9", borrower=borrower)
    loan = actions.check_out(centre=centre, actor=staff, barcode="B1", borrower=borrower)
    assert loan.due_on == timezone.localdate() + datetime.timedelta(days=actions.DEFAULT_RULE.loan_days)
    with pytest.raises(LibraryError):
        actions.check_out(centre=centre, actor=staff, barcode="B1", borrower=make_borrower(centre))
    LoanRule.objects.create(
        centre=centre, borrower_kind=Borrower.Kind.CONTACT, media_type=title.media_type, loan_days=14, max_loans=1
    )
    with pytest.raises(LibraryError):
        actions.check_out(centre=centre, actor=staff, barcode="B2", borrower=borrower)
    other = actions.check_out(centre=centre, actor=staff, barcode="B2", borrower=make_borrower(centre))
    assert other.due_on == timezone.localdate() + datetime.timedelta(days=14)


def test_check_in_of_a_copy_not_lent_is_refused(centre) -> None:  # type: ignore[no-untyped-def]
    make_copy(make_title(centre), "C1")
    with pytest.raises(LibraryError, match="not lent"):
        actions.check_in(centre=centre, actor=librarian(centre), barcode="C1")


def test_a_kit_with_a_missing_part_is_checked_in_only_when_the_part_is_marked_lost(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    kit = make_copy(make_title(centre, "Bücherkiste Arabisch", media_type=MediaType.KIT), "K1")
    book = make_copy(make_title(centre, "Das kleine Ich bin ich"), "K1-B")
    cards = actions.component_add(kit=kit, actor=staff, label="20 Bildkarten", quantity=20)
    packed = actions.component_add(kit=kit, actor=staff, label="", packed_copy=book)
    assert packed.label == "Das kleine Ich bin ich"
    with pytest.raises(LibraryError, match="kit"):
        actions.check_out(centre=centre, actor=staff, barcode="K1-B", borrower=make_borrower(centre))
    actions.check_out(centre=centre, actor=staff, barcode="K1", borrower=make_borrower(centre))
    with pytest.raises(LibraryError):
        actions.check_in(centre=centre, actor=staff, barcode="K1")  # no checklist given
    with pytest.raises(LibraryError, match="20 Bildkarten"):
        actions.check_in(centre=centre, actor=staff, barcode="K1", present={packed.pk})
    loan, _hold = actions.check_in(centre=centre, actor=staff, barcode="K1", present={packed.pk}, lost={cards.pk})
    assert loan.returned_at is not None
    assert KitComponent.objects.get(pk=cards.pk).lost_on == timezone.localdate()
    assert [c.pk for c in actions.kit_components_to_check(kit)] == [packed.pk]


def test_holds_are_served_in_the_order_placed_and_block_renewal(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    title = make_title(centre)
    make_copy(title, "H1")
    first, second, third = make_borrower(centre), make_borrower(centre), make_borrower(centre)
    loan = actions.check_out(centre=centre, actor=staff, barcode="H1", borrower=first)
    renewed = actions.renew(loan=loan, actor=staff)
    assert renewed.renewals == 1
    hold_second = actions.hold_place(title=title, borrower=second, actor=staff)
    hold_third = actions.hold_place(title=title, borrower=third, actor=staff)
    assert hold_second.status == hold_third.status == Hold.Status.WAITING
    with pytest.raises(LibraryError, match="waiting"):
        actions.renew(loan=loan, actor=staff)
    with pytest.raises(LibraryError):
        actions.hold_place(title=title, borrower=second, actor=staff)
    _loan, served = actions.check_in(centre=centre, actor=staff, barcode="H1")
    assert served is not None and served.pk == hold_second.pk
    assert Hold.objects.get(pk=hold_second.pk).status == Hold.Status.READY
    assert len(mail.outbox) == 0 or mail.outbox[-1].to == [second.email]
    with pytest.raises(LibraryError, match="another borrower"):
        actions.check_out(centre=centre, actor=staff, barcode="H1", borrower=third)
    actions.hold_cancel(hold=Hold.objects.get(pk=hold_second.pk), actor=staff)
    assert Hold.objects.get(pk=hold_third.pk).status == Hold.Status.READY
    actions.check_out(centre=centre, actor=staff, barcode="H1", borrower=third)
    assert Hold.objects.get(pk=hold_third.pk).status == Hold.Status.SERVED


def test_a_hold_on_a_title_on_the_shelf_keeps_a_copy_at_once(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    title = make_title(centre)
    copy = make_copy(title, "S1")
    hold = actions.hold_place(title=title, borrower=make_borrower(centre), actor=staff)
    assert hold.status == Hold.Status.READY and hold.copy == copy
    late = actions.hold_place(title=title, borrower=make_borrower(centre), actor=staff)
    assert late.status == Hold.Status.WAITING


def test_renewals_are_limited_by_the_rule(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    title = make_title(centre)
    make_copy(title, "R1")
    LoanRule.objects.create(
        centre=centre, borrower_kind="contact", media_type=title.media_type, renewals=1, holds_allowed=False
    )
    loan = actions.check_out(centre=centre, actor=staff, barcode="R1", borrower=make_borrower(centre))
    actions.renew(loan=loan, actor=staff)
    with pytest.raises(LibraryError):
        actions.renew(loan=loan, actor=staff)
    with pytest.raises(LibraryError, match="not allowed"):
        actions.hold_place(title=title, borrower=make_borrower(centre), actor=staff)


def test_a_borrower_is_one_known_person_registered_once(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    borrower = make_borrower(centre)
    with pytest.raises(LibraryError):
        actions.borrower_register(centre=centre, actor=staff, kind="contact", person=borrower.contact)
    staff_borrower = actions.borrower_register(centre=centre, actor=staff, kind="staff", person=staff)
    assert staff_borrower.user == staff and staff_borrower.email == staff.email
    with scopes_disabled():
        assert Borrower.objects.filter(centre=centre).count() == 2
