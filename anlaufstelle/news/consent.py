"""The rule that decides whether a photo may be shown to the public (issue 23, part 3).

Nothing with recognisable people is published without a basis: written consent on file (for
children: their guardians'), or a public gathering where nobody is singled out. Withdrawn consent
takes a photo down at once. Every public photo has a German description for people who cannot
see it. The rule holds for every role, a centre admin included: it sits in the actions and the
public selectors, not in a permission.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from anlaufstelle.news.models import Photo


def publishing_problem(photo: Photo, *, german_alt: str) -> str | None:
    """Why `photo` may not be public, as a sentence for the editor; None when it may."""
    if photo.consent_withdrawn_at is not None:
        return _("Consent was withdrawn: the photo must come down.")
    if not german_alt.strip():
        return _("The photo has no German description (alt text).")
    if photo.identifiable_people:
        if photo.basis == Photo.Basis.NONE:
            return _("People can be recognised and no basis for publishing is recorded.")
        if photo.children_shown and not (photo.basis == Photo.Basis.CONSENT and photo.guardian_consent):
            return _("Children are shown: their guardians' written consent is needed.")
        if photo.basis == Photo.Basis.CONSENT and not photo.consent_reference.strip():
            return _("Say where the signed consent is kept.")
    return None


def german_alt(photo: Photo) -> str:
    """The German alt text from the prefetched translations (no query when they are prefetched)."""
    return next((row.alt_text for row in photo.translations.all() if row.language == "de"), "")


def may_be_public(photo: Photo) -> bool:
    return publishing_problem(photo, german_alt=german_alt(photo)) is None
