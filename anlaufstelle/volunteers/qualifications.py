"""The interface other modules use to record what a volunteer has completed (e.g. a course).

The events module calls `record_completion` when a participant completes a qualification
course; it does not import volunteer models. The write itself lives in actions/volunteer.py.
"""

from anlaufstelle.volunteers.actions.volunteer import record_completion

__all__ = ["record_completion"]
