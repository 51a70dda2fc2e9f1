"""The shared pieces every app builds on: refusals shown to the person, token look-ups inside a centre."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext_lazy as lazy_text  # an alias makemessages does not collect
from django_scopes import scopes_disabled

from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.models import Invitation
from anlaufstelle.core.tests.factories import CentreFactory
from anlaufstelle.core.tokens import find_by_token, new_token


class _Form(forms.Form):
    name = forms.CharField()


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_refusal_names_its_field_on_the_form() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    show_refusal(_request(), Refused(lazy_text("Not today."), field="name"), form=form)
    assert form.errors == {"name": ["Not today."]}


def test_refusal_without_a_known_field_goes_above_the_form_or_into_a_message() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    show_refusal(_request(), Refused("Not today.", field="missing"), form=form)
    assert form.non_field_errors() == ["Not today."]
    request = _request()
    show_refusal(request, Refused("Not today."))
    assert [str(m) for m in get_messages(request)] == ["Not today."]
    assert str(Refused("Nein.")) == "Nein."


@pytest.mark.django_db
def test_token_opens_only_under_its_own_centre() -> None:
    home, other = CentreFactory(), CentreFactory()
    token, digest = new_token()
    with scopes_disabled():
        invitation = Invitation.objects.create(
            centre=home, email="a@example.org", roles=["editor"], token_hash=digest, expires_at=timezone.now()
        )
    assert find_by_token(Invitation, centre=home, token=token) == invitation
    assert find_by_token(Invitation, centre=other, token=token) is None
    assert find_by_token(Invitation, centre=home, token="x" * 500) is None
    assert find_by_token(Invitation, centre=home, token="") is None
    assert find_by_token(Invitation, centre=home, token=token, status=Invitation.Status.WITHDRAWN) is None
