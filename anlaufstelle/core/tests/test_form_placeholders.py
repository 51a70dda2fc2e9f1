"""No select in any form of the project shows Django's raw "---------" placeholder (issue 20, item 27).

Every form class of every app is found by walking the packages, built with the arguments its
constructor asks for, rendered in English and in German, and searched for the dashes.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils import translation
from django_scopes import scopes_disabled

import anlaufstelle
from anlaufstelle.core.forms import PLEASE_CHOOSE

DASHES = "---------"


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(anlaufstelle.__path__, "anlaufstelle."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {
        cls
        for cls in below(forms.BaseForm)
        if cls.__module__.startswith("anlaufstelle.") and ".tests" not in cls.__module__
    }
    usable = [
        cls
        for cls in found
        if not (issubclass(cls, forms.BaseModelForm) and getattr(cls._meta, "model", None) is None)  # type: ignore[attr-defined]
    ]
    return sorted(usable, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _arguments(centre: Any) -> dict[str, Callable[[], Any]]:
    """What each constructor argument name gets (a form with a new argument name adds it here)."""
    from anlaufstelle.core.models import User
    from anlaufstelle.events.models import Event
    from anlaufstelle.events.tests.factories import make_event
    from anlaufstelle.grants.tests.factories import make_grants
    from anlaufstelle.news.models import NewsItem
    from anlaufstelle.programmes.tests.factories import make_programmes

    made: dict[str, Any] = {}

    def grants() -> Any:
        if "grants" not in made:
            made["grants"] = make_grants(centre)
        return made["grants"]

    def programmes() -> Any:
        if "programmes" not in made:
            made["programmes"] = make_programmes(centre)
        return made["programmes"]

    def library() -> Any:
        if "library" not in made:
            from anlaufstelle.library.tests.factories import make_library

            made["library"] = make_library(centre)
        return made["library"]

    def reports() -> Any:
        if "reports" not in made:
            from anlaufstelle.reports.tests.factories import make_reports

            made["reports"] = make_reports(centre)
        return made["reports"]

    from anlaufstelle.partners.models import Organisation
    from anlaufstelle.partners.tests.factories import OrganisationFactory
    from anlaufstelle.volunteers.models import InterpretingSettings, Pool

    return {
        "centre": lambda: centre,
        "districts": lambda: ["Mitte", "Nord"],
        "pools": lambda: Pool.objects.filter(centre=centre),
        "organisations": lambda: Organisation.objects.filter(centre=centre),
        "settings": lambda: InterpretingSettings(centre=centre),
        "kind": lambda: "health_exam",
        "headers": lambda: ["Titel", "Straße"],
        "guesses": lambda: {},
        "language": lambda: "de",
        "event": lambda: make_event(centre),
        "pair": lambda: (OrganisationFactory(centre=centre), OrganisationFactory(centre=centre)),
        "providers": lambda: {},
        "kinds": lambda: {},
        "forms_": lambda: {},
        "options": lambda: [],
        "user": lambda: User(email="someone@example.org"),
        "news": lambda: NewsItem.objects.filter(centre=centre),
        "application": lambda: grants().application,
        "call": lambda: grants().world.call,
        "session": lambda: programmes().session,
        "school_title": lambda: True,
        "events": lambda: Event.objects.filter(centre=centre),
        "components": lambda: [library().component],
        "kit": lambda: library().kit,
        "concept": lambda: reports().concept,
    }


def test_the_placeholder_is_a_translatable_label() -> None:
    with translation.override("en"):
        assert str(PLEASE_CHOOSE) == "– please choose –"


@pytest.mark.django_db
def test_no_form_in_the_project_renders_the_raw_dashes(centre) -> None:  # type: ignore[no-untyped-def]
    classes = _form_classes()
    assert len(classes) > 40  # the walk found the project's forms
    arguments = _arguments(centre)
    offenders, unbuilt = [], []
    with scopes_disabled():
        for cls in classes:
            wanted = [
                p.name
                for p in inspect.signature(cls.__init__).parameters.values()
                if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.default is p.empty
            ]
            if issubclass(cls, SetPasswordForm) and "user" not in wanted:
                wanted.append("user")  # Django's form takes it as *args
            if set(wanted) - set(arguments):
                unbuilt.append(f"{cls.__module__}.{cls.__qualname__}: {sorted(set(wanted) - set(arguments))}")
                continue
            for language in ("en", "de"):
                with translation.override(language):
                    form = cls(**{name: arguments[name]() for name in wanted})
                    if DASHES in form.as_p():
                        offenders.append(f"{cls.__module__}.{cls.__qualname__} ({language})")
    assert not unbuilt, "Teach _arguments these constructor arguments: " + "; ".join(unbuilt)
    assert not offenders, "Raw placeholder in: " + ", ".join(offenders)


@pytest.mark.django_db
def test_inline_formsets_get_the_label_too(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.forms import profile_formsets
    from anlaufstelle.volunteers.models import Volunteer

    with scopes_disabled():
        volunteer = Volunteer.objects.create(
            centre=centre, first_name="A", last_name="B", email="a@example.org", consent_given_on="2026-01-01"
        )
        for formset in profile_formsets(None, volunteer):
            assert DASHES not in str(formset)
