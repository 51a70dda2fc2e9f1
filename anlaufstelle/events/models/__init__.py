"""Event models: events with dates and sessions, registrations, attendance and feedback."""

from .event import Event, EventDate, Session
from .registration import Attendance, Feedback, Registration, RegistrationGroup

__all__ = ["Attendance", "Event", "EventDate", "Feedback", "Registration", "RegistrationGroup", "Session"]
