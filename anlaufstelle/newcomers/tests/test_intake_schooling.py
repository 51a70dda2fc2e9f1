"""The intake asks what schooling a child had before how many years (issue 20, item 27): no
"0 years" pre-filled beside "regular schooling", years required unless there was none."""

from __future__ import annotations

import datetime

from django.utils import timezone

from anlaufstelle.newcomers.forms import ChildForm


def _child(**extra: str) -> dict[str, str]:
    data = {
        "first_name": "Amal",
        "last_name": "Test",
        "birth_date": str(timezone.localdate() - datetime.timedelta(days=365 * 9)),
        "gender": "f",
        "latin_literacy": "yes",
        "german_level": "none",
        "registered_on": str(timezone.localdate()),
        "schooling_kind": "regular",
        "schooling_years": "3",
    }
    data.update(extra)
    return data


def test_a_new_child_shows_no_zero_years_and_no_chosen_kind() -> None:
    form = ChildForm()
    html = form.as_p()
    assert 'name="schooling_years" value="0"' not in html
    assert form["schooling_kind"].value() in ("", None)
    names = list(form.fields)
    assert names.index("schooling_kind") < names.index("schooling_years")  # the kind is asked first


def test_years_are_required_after_schooling_and_zero_without() -> None:
    assert not ChildForm(_child(schooling_years="")).is_valid()
    form = ChildForm(_child(schooling_kind="none", schooling_years=""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["schooling_years"] == 0
    form = ChildForm(_child(schooling_kind="none", schooling_years="4"))
    assert form.is_valid() and form.cleaned_data["schooling_years"] == 0
    assert not ChildForm(_child(schooling_kind="")).is_valid()


def test_the_years_field_says_when_it_is_hidden() -> None:
    widget = ChildForm().fields["schooling_years"].widget
    assert widget.attrs["data-hidden-when"] == "schooling_kind=none"
