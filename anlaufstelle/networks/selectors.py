"""Reads of the networks module for views, e-mails, the organisation page and the picture, with their prefetching."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.roles import roles_with
from anlaufstelle.networks.models import ActionItem, Consultation, Meeting, Member, Network

LEVELS = {choice.value for choice in Network.Level}
STATUSES = {choice.value for choice in Network.Status}


def network_list(*, centre: Centre, level: str = "", status: str = "", topic: str = "") -> QuerySet[Network]:
    networks = Network.objects.filter(centre=centre)
    if level in LEVELS:
        networks = networks.filter(level=level)
    if status in STATUSES:
        networks = networks.filter(status=status)
    if topic:
        networks = networks.filter(topic__icontains=topic[:100])
    return networks.select_related("lead").annotate(
        member_count=Count("members", distinct=True), meeting_count=Count("meetings", distinct=True)
    )


def network_get(*, centre: Centre, pk: int) -> Network:
    return Network.objects.select_related("lead").get(centre=centre, pk=pk)


def network_detail(*, network: Network) -> dict[str, Any]:
    """A network's members (with who attends) and its meetings, newest first."""
    members = list(network.members.select_related("organisation", "contact"))
    meetings = list(network.meetings.annotate(open_items=Count("action_items", filter=Q(action_items__done_on=None))))
    return {"members": members, "meetings": meetings}


def member_get(*, centre: Centre, pk: int) -> Member:
    return Member.objects.select_related("network", "organisation", "contact").get(centre=centre, pk=pk)


def meeting_get(*, centre: Centre, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("network")
        .prefetch_related("agenda", Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")))
        .get(centre=centre, pk=pk)
    )


def action_item_get(*, centre: Centre, pk: int) -> ActionItem:
    return ActionItem.objects.select_related("meeting__network", "owner").get(centre=centre, pk=pk)


def staff_users(*, centre: Centre) -> QuerySet[User]:
    """The centre's staff who may read networks: the people an action item or a consultation names."""
    ids = Membership.objects.filter(centre=centre, is_active=True, role__in=roles_with("networks.view")).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


def my_action_items(*, centre: Centre, user: User) -> dict[str, Any]:
    """The person's open action items (overdue first) and the last ones they ticked off."""
    items = ActionItem.objects.filter(centre=centre, owner=user).select_related("meeting__network")
    return {
        "open": list(items.filter(done_on=None).order_by("due_on", "id")),
        "done": list(items.exclude(done_on=None).order_by("-done_on", "-id")[:20]),
        "today": timezone.localdate(),
    }


def mail_recipients(*, meeting: Meeting) -> list[str]:
    """The addresses of the members' contact persons who agreed to be contacted, members on the meeting's day."""
    day = timezone.localtime(meeting.starts_at).date()
    members = (
        Member.objects.filter(network=meeting.network, contact__isnull=False)
        .filter(Q(joined_on=None) | Q(joined_on__lte=day), Q(left_on=None) | Q(left_on__gte=day))
        .filter(contact__consent_to_contact=True)
        .exclude(contact__email="")
        .values_list("contact__email", flat=True)
    )
    return sorted({address.lower() for address in members})


def consultation_list(
    *, centre: Centre, organisation_id: int | None = None, topic: str = "", year: int | None = None
) -> QuerySet[Consultation]:
    consultations = Consultation.objects.filter(centre=centre)
    if organisation_id:
        consultations = consultations.filter(organisation_id=organisation_id)
    if topic:
        consultations = consultations.filter(topics__icontains="|" + topic.replace("|", " ")[:60] + "|")
    if year:
        consultations = consultations.filter(held_on__year=year)
    return consultations.select_related("organisation", "contact", "staff")


def consultation_get(*, centre: Centre, pk: int) -> Consultation:
    return Consultation.objects.select_related("organisation", "contact", "staff").get(centre=centre, pk=pk)


def topic_names(*, centre: Centre) -> list[str]:
    """Every topic tag the log uses, for the filter and the form's suggestions."""
    names: set[str] = set()
    for topics in Consultation.objects.filter(centre=centre).values_list("topics", flat=True).distinct():
        names.update(t for t in topics.split("|") if t)
    return sorted(names, key=str.casefold)


def organisation_networks(*, centre: Centre, organisation_id: int) -> list[Member]:
    """The organisation's memberships with their networks: one query."""
    return list(
        Member.objects.filter(centre=centre, organisation_id=organisation_id)
        .select_related("network")
        .order_by("network__name", "id")
    )


def organisation_consultations(*, centre: Centre, organisation_id: int, last: int = 5) -> list[Consultation]:
    """The organisation's last consultations: one query."""
    return list(
        Consultation.objects.filter(centre=centre, organisation_id=organisation_id).order_by("-held_on", "-id")[:last]
    )


def contact_records(*, contact: Any) -> dict[str, Any]:
    """What the networks module stores about a contact person (Art. 15 GDPR)."""
    memberships = Member.objects.filter(centre_id=contact.centre_id, contact=contact).select_related("network")
    consultations = Consultation.objects.filter(centre_id=contact.centre_id, contact=contact)
    return {
        "network_memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "joined_on": m.joined_on.isoformat() if m.joined_on else None,
                "left_on": m.left_on.isoformat() if m.left_on else None,
            }
            for m in memberships
        ],
        "consultations": [
            {
                "held_on": c.held_on.isoformat(),
                "channel": c.channel,
                "topics": c.topic_list,
                "outcome": c.outcome,
                "next_step": c.next_step,
            }
            for c in consultations
        ],
    }


def cooperation(*, centre: Centre, level: str = "", topic: str = "", on: datetime.date | None = None) -> dict[str, Any]:
    """Who works with whom: the current members of the (filtered) active networks, one query."""
    on = on or timezone.localdate()
    networks = network_list(centre=centre, level=level, topic=topic).exclude(status=Network.Status.ENDED)
    rows = (
        Member.objects.filter(centre=centre, network__in=networks.values("pk"))
        .filter(Q(left_on=None) | Q(left_on__gte=on))
        .values_list("network_id", "network__name", "organisation_id", "organisation__name")
        .order_by("network__name", "organisation__name")
    )
    return {"rows": list(rows)}
