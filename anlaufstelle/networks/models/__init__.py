"""The networks module's models."""

from anlaufstelle.networks.models.consultation import Consultation
from anlaufstelle.networks.models.meeting import ActionItem, AgendaItem, Meeting
from anlaufstelle.networks.models.network import Member, Network

__all__ = ["ActionItem", "AgendaItem", "Consultation", "Meeting", "Member", "Network"]
