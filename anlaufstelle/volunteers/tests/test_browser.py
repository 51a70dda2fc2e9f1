"""A person signs up as a volunteer in Arabic on a phone; the page passes axe-core."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.tests.browser import axe_violations
from anlaufstelle.volunteers.models import Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def test_sign_up_in_arabic_on_a_phone(live_server, phone, demo) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/ar/musterstadt/ehrenamt/mitmachen/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(phone) == []
    phone.fill("#id_first_name", "رنا")
    phone.fill("#id_last_name", "عزيز")
    phone.fill("#id_email", "rana.phone@example.org")
    phone.select_option("#id_lang-0-code", "ar")
    phone.fill("#id_lang-0-dialect", "شامي")
    phone.check("input[name=availability][value='1-morning']")
    phone.check("#id_adult")
    phone.check("#id_consent")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("[role=status]")
    assert axe_violations(phone) == []
    with scopes_disabled():
        volunteer = Volunteer.objects.get(email="rana.phone@example.org")
        assert (volunteer.signup_language, volunteer.languages.get().dialect) == ("ar", "شامي")
