"""The networks module's models."""

from anlaufstelle.networks.models.consultation import Consultation
from anlaufstelle.networks.models.network import Member, Network
from anlaufstelle.networks.models.meeting import ActionItem, AgendaItem, Meeting

__all__ = ["ActionItem", "AgendaItem", "Consultation", "Meeting", "Member", "Network"]
