"""The kinds of hand-off messages with their built-in texts, and the placeholders a text may use.

A text is written per language with placeholders in braces: `{thing}` (what it is about), `{link}`
(the full address of the page), `{centre}` (the centre's name), `{name}` (the receiver's name).
The platform list shows `title` with the thing; e-mails use the centre's text or the built-in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = ("thing", "link", "centre", "name")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Kind:
    title: str | Promise  # the list's line, e.g. "Placement approved for your school"
    subject: str | Promise  # built-in e-mail subject
    body: str | Promise  # built-in e-mail text, followed by BODY_END (joined when sent, in the reader's language)

    def full_body(self) -> str:
        return str(self.body) + "\n\n" + str(BODY_END)


BODY_END = _("Open it here: {link}\n\nYou can change how you receive these e-mails on your messages page.")

KINDS: dict[str, Kind] = {
    "newcomers.proposals_released": Kind(
        _("Placement proposals wait for your decision"),
        _("{centre}: placement proposals wait for your decision"),
        _("Hello {name},\n\nNew placement proposals wait for your decision: {thing}."),
    ),
    "newcomers.placement_approved": Kind(
        _("A child has been placed at your school"),
        _("{centre}: a child has been placed at your school"),
        _(
            "Hello {name},\n\nThe school authority approved a place at your school for {thing}. "
            "Please confirm it with the first school day."
        ),
    ),
    "newcomers.placement_accepted": Kind(
        _("The school confirmed a place"),
        _("{centre}: the school confirmed a place"),
        _("Hello {name},\n\nThe school confirmed the place of {thing}."),
    ),
    "newcomers.placement_declined": Kind(
        _("The school declined a place"),
        _("{centre}: the school declined a place"),
        _("Hello {name},\n\nThe school declined the place of {thing}. The child waits for a new proposal."),
    ),
    "newcomers.placement_returned": Kind(
        _("The school authority returned a proposal"),
        _("{centre}: the school authority returned a proposal"),
        _(
            "Hello {name},\n\nThe school authority returned the proposal for {thing}. "
            "The child waits for a new proposal."
        ),
    ),
    "volunteers.request_created": Kind(
        _("New interpreting request"),
        _("{centre}: new interpreting request"),
        _("Hello {name},\n\nA new interpreting request waits for an interpreter: {thing}."),
    ),
    "volunteers.request_booked": Kind(
        _("An interpreter is coming"),
        _("{centre}: an interpreter is coming"),
        _("Hello {name},\n\nAn interpreter has been found for your request: {thing}."),
    ),
    "volunteers.request_cancelled": Kind(
        _("An interpreting request was cancelled"),
        _("{centre}: an interpreting request was cancelled"),
        _("Hello {name},\n\nThe centre cancelled your interpreting request: {thing}."),
    ),
    "directory.proposal_submitted": Kind(
        _("A proposal waits for review"),
        _("{centre}: a proposal waits for review"),
        _("Hello {name},\n\nA partner proposed an offer or a change: {thing}. Please review it."),
    ),
    "directory.proposal_decided": Kind(
        _("Your proposal has been answered"),
        _("{centre}: your proposal has been answered"),
        _("Hello {name},\n\nThe integration centre answered your proposal: {thing}."),
    ),
    "events.waiting_list": Kind(
        _("Someone is on an event's waiting list"),
        _("{centre}: someone is on a waiting list"),
        _("Hello {name},\n\nA registration went onto the waiting list of {thing}."),
    ),
    "networks.action_item": Kind(
        _("An action item from a network meeting is yours"),
        _("{centre}: an action item from a network meeting is yours"),
        _("Hello {name},\n\nAn action item from a network meeting has been given to you: {thing}."),
    ),
    "council.follow_up": Kind(
        _("A follow-up of the council is yours"),
        _("{centre}: a follow-up is yours"),
        _("Hello {name},\n\nA follow-up of a council resolution has been given to you: {thing}."),
    ),
    "grants.application_submitted": Kind(
        _("A grant application waits for review"),
        _("{centre}: a grant application waits for review"),
        _("Hello {name},\n\nA grant application has been submitted: {thing}. Please begin the review."),
    ),
    "grants.questions_answered": Kind(
        _("An applicant answered your questions"),
        _("{centre}: an applicant answered your questions"),
        _("Hello {name},\n\nThe applicant answered the questions and handed the application back: {thing}."),
    ),
    "grants.grant_accepted": Kind(
        _("An applicant accepted the grant"),
        _("{centre}: an applicant accepted the grant"),
        _("Hello {name},\n\nThe applicant accepted the grant and its conditions: {thing}."),
    ),
    "grants.proof_submitted": Kind(
        _("A proof of use waits for checking"),
        _("{centre}: a proof of use waits for checking"),
        _("Hello {name},\n\nA proof of use has been submitted: {thing}. Please check it."),
    ),
    "grants.application_withdrawn": Kind(
        _("An application was withdrawn"),
        _("{centre}: an application was withdrawn"),
        _("Hello {name},\n\nThe applicant withdrew the application: {thing}."),
    ),
    "grants.drawdown_requested": Kind(
        _("A drawdown waits for approval"),
        _("{centre}: a drawdown waits for approval"),
        _("Hello {name},\n\nAn applicant asked for money from a grant: {thing}. Please approve or refuse it."),
    ),
    "grants.questions_asked": Kind(
        _("The integration centre has questions about your application"),
        _("{centre}: questions about your application"),
        _(
            "Hello {name},\n\nThe integration centre has questions about your application: {thing}. "
            "Please answer them and hand the application back."
        ),
    ),
    "grants.application_decided": Kind(
        _("Your application has been decided"),
        _("{centre}: your application has been decided"),
        _("Hello {name},\n\nThe integration centre decided on your application: {thing}. The letter is on its page."),
    ),
    "grants.proof_returned": Kind(
        _("Your proof of use needs corrections"),
        _("{centre}: your proof of use needs corrections"),
        _("Hello {name},\n\nThe integration centre sent your proof of use back for corrections: {thing}."),
    ),
    "grants.grant_closed": Kind(
        _("Your grant has been closed"),
        _("{centre}: your grant has been closed"),
        _("Hello {name},\n\nThe integration centre accepted your proof of use and closed the grant: {thing}."),
    ),
    "grants.drawdown_answered": Kind(
        _("Your drawdown has been answered"),
        _("{centre}: your drawdown has been answered"),
        _("Hello {name},\n\nThe integration centre answered your drawdown for: {thing}."),
    ),
    "programmes.group_started": Kind(
        _("A programme group starts at your site"),
        _("{centre}: a programme group starts at your site"),
        _(
            "Hello {name},\n\nA programme group has been set up at your site: {thing}. "
            "Please record each session after it took place."
        ),
    ),
    "programmes.agreement_ending": Kind(
        _("A programme agreement runs out"),
        _("{centre}: a programme agreement runs out"),
        _("Hello {name},\n\nThe cooperation agreement of a programme site runs out soon: {thing}."),
    ),
}

DIGEST_SUBJECT = _("{centre}: your messages of the day")
DIGEST_INTRO = _("Hello {name},\n\nThese messages came for you since the last e-mail:")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in `text` that the platform does not fill (shown to the editor as an error)."""
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known placeholders; anything else in braces stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def render_mail(*, subject: str, body: str, values: dict[str, str]) -> tuple[str, str]:
    """The filled subject (one line) and text."""
    return fill(subject, values).replace("\n", " ").strip(), fill(body, values)
