"""One open appointment per child and kind; counselling for a whole family; booking steps keep their time.

Before the constraint: duplicate open bookings (issue 20, item 11) keep the first booked and free
the others (their interpreter needs are cancelled). Booking notes that held the slot's time as UTC
text ("Schuleingangsuntersuchung 2026-12-07 12:00") get it as `appointment_at` instead, shown in
local time.
"""

import datetime
import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


NOTE_TIME = re.compile(r"^(?P<label>.*?)\s*(?P<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2})$")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    slots = apps.get_model("newcomers", "AppointmentSlot")
    needs = apps.get_model("newcomers", "InterpreterNeed")
    events = apps.get_model("newcomers", "StageEvent")
    seen: set[tuple[int, str]] = set()
    duplicates = []
    for slot in slots.objects.filter(child__isnull=False, outcome="").order_by("booked_at", "id"):
        key = (slot.child_id, slot.kind)
        if key in seen:
            duplicates.append(slot.pk)
        seen.add(key)
    if duplicates:
        needs.objects.filter(slot_id__in=duplicates).exclude(status="cancelled").update(status="cancelled")
        slots.objects.filter(pk__in=duplicates).update(child=None, booked_by=None, booked_at=None)
    for event in events.objects.filter(stage__in=["counselling_booked", "health_exam_booked"]).exclude(note=""):
        match = NOTE_TIME.match(event.note)
        if match is None:
            continue
        when = datetime.datetime.strptime(match["when"], "%Y-%m-%d %H:%M").replace(tzinfo=datetime.UTC)
        event.appointment_at, event.note = when, ""
        event.save(update_fields=["appointment_at", "note"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_job_params'),
        ('newcomers', '0002_privacy_letter'),
        ('partners', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='appointmentslot',
            name='family',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='family_appointments', to='newcomers.family', verbose_name='booked for the whole family'),
        ),
        migrations.AddField(
            model_name='stageevent',
            name='appointment_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='appointment'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='appointmentslot',
            constraint=models.UniqueConstraint(condition=models.Q(('child__isnull', False), ('outcome', '')), fields=('child', 'kind'), name='slot_one_open_per_child_and_kind'),
        ),
        migrations.AddConstraint(
            model_name='appointmentslot',
            constraint=models.UniqueConstraint(condition=models.Q(('family__isnull', False), ('outcome', '')), fields=('family', 'kind'), name='slot_one_open_per_family_and_kind'),
        ),
        migrations.AddConstraint(
            model_name='appointmentslot',
            constraint=models.CheckConstraint(condition=models.Q(('family__isnull', True), models.Q(('child__isnull', True), ('kind', 'counselling')), _connector='OR'), name='slot_family_booking_is_counselling'),
        ),
    ]
