"""The programmes module's models."""

from anlaufstelle.programmes.models.group import Group, Session
from anlaufstelle.programmes.models.programme import Holiday, Programme, ProgrammeKind, ProjectDay, Site

__all__ = ["Group", "Holiday", "Programme", "ProgrammeKind", "ProjectDay", "Session", "Site"]
