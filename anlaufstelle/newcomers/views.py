"""Views of the newcomers module: thin — form, access check, action or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import has_permission, permission_required
from anlaufstelle.core.audit import audit_reads
from anlaufstelle.core.confirm import ask_first
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.languages import language_label
from anlaufstelle.core.models import Centre
from anlaufstelle.core.privacy_views import PersonalDataViews, back_to
from anlaufstelle.core.reports import xlsx_download
from anlaufstelle.newcomers import actions, selectors
from anlaufstelle.newcomers.figures import figures_sheets, figures_tables, waiting_figures
from anlaufstelle.newcomers.forms import (
    AcceptForm,
    BookForm,
    BulkReturnForm,
    ChildForm,
    ChildFormSet,
    DeclineForm,
    ErasureForm,
    FamilyForm,
    GuardianFormSet,
    HandoverForm,
    LetterBatchForm,
    LetterTextForm,
    PolicyForm,
    PreferencesForm,
    RedirectForm,
    ReleaseForm,
    RowCountForm,
    RuleForm,
    SeatQuotaForm,
    SlotImportForm,
    SlotsForm,
    StageForm,
    slot_label,
)
from anlaufstelle.newcomers.handover import schild_zip
from anlaufstelle.newcomers.letter_texts import DEFAULT_TEXTS
from anlaufstelle.newcomers.letters import texts_for
from anlaufstelle.newcomers.models import (
    AppointmentSlot,
    Child,
    EligibilityRule,
    Family,
    LetterKind,
    Placement,
    Policy,
)
from anlaufstelle.newcomers.models.family import LANGUAGE_CHOICES
from anlaufstelle.newcomers.models.schools import GradeBand
from anlaufstelle.newcomers.permissions import school_of
from anlaufstelle.newcomers.runs import placement_run_start
from anlaufstelle.partners.models import Organisation


def _family(request: CentreRequest, pk: int) -> Family:
    try:
        return selectors.family_get(centre=request.centre, pk=pk)
    except Family.DoesNotExist as exc:
        raise Http404 from exc


def _child(family: Family, child_pk: int) -> Child:
    for child in family.children.all():
        if child.pk == child_pk:
            return child
    raise Http404


def _filled(formset: Any) -> list[dict[str, Any]]:
    return [form.cleaned_data for form in formset if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _entered(form_class: Any, data: Any, prefix: str) -> dict[str, Any]:
    """What was typed into a form, as initial values (multi-value fields as lists)."""
    from django import forms

    entered: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        key = f"{prefix}-{name}" if prefix else name
        if isinstance(field, forms.MultipleChoiceField):
            entered[name] = data.getlist(key)
        elif key in data:
            entered[name] = data.get(key)
    return entered


def _entered_rows(formset_class: Any, data: Any, prefix: str) -> list[dict[str, Any]]:
    count = RowCountForm(data, prefix=prefix)
    total = min(count.cleaned_data["TOTAL_FORMS"] if count.is_valid() else 1, formset_class.max_num)
    rows = [_entered(formset_class.form, data, f"{prefix}-{index}") for index in range(total)]
    # Rows left blank (a select keeps its default) are not carried over.
    return [row for row in rows if any(v for k, v in row.items() if k != "relation")] or rows[:1]


# --- worklist and intake ---------------------------------------------------------------------


@permission_required("newcomers.view_families")
@require_GET
def worklist(request: CentreRequest, centre: str) -> HttpResponse:
    """Open children, longest waiting first: what is due next and what is stuck."""
    stage = request.GET.get("stage", "")
    if stage not in dict(Child.Stage.choices):
        stage = ""
    page = selectors.worklist(
        centre=request.centre,
        stage=stage,
        blocked_only=request.GET.get("blocked") == "1",
        text=request.GET.get("q", "")[:100],
        page=request.GET.get("page"),
    )
    # Only the children shown are read (and logged), not the whole list.
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="newcomers.worklist.view",
        targets=[item.child for item in page.object_list],
    )
    query = request.GET.copy()
    query.pop("page", None)
    template = "newcomers/worklist.html" + ("#results" if request.htmx else "")
    return render(
        request,
        template,
        {
            "page": page,
            "query": query.urlencode(),
            "stages": Child.Stage.choices,
            "stage": stage,
            "blocked": request.GET.get("blocked") == "1",
        },
    )


@permission_required("newcomers.change_families")
@require_http_methods(["GET", "POST"])
def intake(request: CentreRequest, centre: str) -> HttpResponse:
    """Register a family with its guardians and children in one form."""
    post = request.POST if request.method == "POST" else None
    form = FamilyForm(post, centre=request.centre)
    guardians = GuardianFormSet(post, prefix="guardian")
    children = ChildFormSet(post, prefix="child")
    if post is not None and form.is_valid() and guardians.is_valid() and children.is_valid():
        try:
            family = actions.family_register(
                centre=request.centre,
                actor=request.user,
                family_data=form.cleaned_data,
                guardians=_filled(guardians),
                children=_filled(children),
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The family has been registered."))
            return redirect("newcomers:family", centre=centre, pk=family.pk)
    return render(
        request,
        "newcomers/intake.html",
        {"form": form, "guardians": guardians, "children": children},
        status=422 if post is not None else 200,
    )


@permission_required("newcomers.change_families")
@require_POST
def intake_add_child(request: CentreRequest, centre: str) -> HttpResponse:
    """Another child on the intake form (without JavaScript): the same entries again, unbound so that
    no half-filled field is flagged yet, plus one empty child form. Nothing is saved."""
    post = request.POST
    form = FamilyForm(initial=_entered(FamilyForm, post, ""), centre=request.centre)
    guardians = GuardianFormSet(initial=_entered_rows(GuardianFormSet, post, "guardian"), prefix="guardian")
    children = ChildFormSet(initial=[*_entered_rows(ChildFormSet, post, "child"), {}], prefix="child")
    return render(request, "newcomers/intake.html", {"form": form, "guardians": guardians, "children": children})


# --- one family ------------------------------------------------------------------------------


def _open_by_kind(slots: list[AppointmentSlot]) -> dict[str, AppointmentSlot]:
    """The open (booked, no outcome yet) appointment of each kind among these."""
    found: dict[str, AppointmentSlot] = {}
    for slot in slots:
        if not slot.outcome and slot.kind not in found:
            found[slot.kind] = slot
    return found


@permission_required("newcomers.view_families")
@require_GET
def family_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A family with its children's stages, appointments and placements (the read is audited).

    A booking form is offered only for a kind the child has no open appointment of; once booked,
    the appointment takes its place. Counselling can be booked once for the whole family.
    """
    family = _family(request, pk)
    children = list(family.children.all())
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="newcomers.family.view",
        targets=[family, *children],
    )
    the_centre = request.centre
    family_slots = list(family.family_appointments.all())
    family_open = _open_by_kind(family_slots)
    # Children still to be counselled (stage events are prefetched with the family).
    to_counsel = [
        child
        for child in children
        if not child.is_final
        and not ({child.stage} | {event.stage for event in child.stage_events.all()}) & actions.DONE_STAGES
        and child.stage in actions.BEFORE_PLACEMENT
    ]
    entries: list[dict[str, Any]] = []
    for child in children:
        own = list(child.appointments.all())
        booked = {**family_open, **_open_by_kind(own)}
        entries.append(
            {
                "child": child,
                "stage_form": StageForm(prefix=f"stage{child.pk}"),
                "appointments": sorted([*own, *family_slots], key=lambda slot: slot.starts_at),
                "can_book": [kind for kind in AppointmentSlot.Kind.values if kind not in booked],
                "placements": [(placement, selectors.explain(placement.reasons)) for placement in child.placement_list],
                "waiting_days": child.waiting_days(),
            }
        )
    counselling = AppointmentSlot.Kind.COUNSELLING
    return render(
        request,
        "newcomers/family_detail.html",
        {
            "family": family,
            "children": entries,
            "family_counselling": family_open.get(counselling),
            # One conversation for the whole family: only while no child has a counselling booked.
            "family_can_book": len(to_counsel) > 1
            and counselling not in family_open
            and all(counselling in entry["can_book"] for entry in entries if not entry["child"].is_final),
            "quotas": list(selectors.quotas_with_counts(centre=the_centre)),
            "schools": list(selectors.schools(centre=the_centre)),
            # The free slots once for the page, not once per child.
            "free_slots": {
                kind: [(slot.pk, slot_label(slot)) for slot in BookForm(centre=the_centre, kind=kind).free_slots]
                for kind in AppointmentSlot.Kind.values
            },
            "erasure_form": ErasureForm(),
            "can_change": has_permission(request.user, the_centre, "newcomers.change_families"),
        },
    )


@permission_required("newcomers.change_families")
@require_http_methods(["GET", "POST"])
def family_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    family = _family(request, pk)
    post = request.POST if request.method == "POST" else None
    if post is None:
        audit_reads(actor=request.user, centre=request.centre, action="newcomers.family.view", targets=[family])
    form = FamilyForm(post, instance=family)
    guardians = GuardianFormSet(
        post,
        prefix="guardian",
        initial=[
            {name: getattr(g, name) for name in ("first_name", "last_name", "relation", "phone", "email")}
            for g in family.guardians.all()
        ],
    )
    if post is not None and form.is_valid() and guardians.is_valid():
        actions.family_update(
            family=family,
            actor=request.user,
            family_data=form.cleaned_data,
            guardians=_filled(guardians),
        )
        messages.success(request, _("The family's data has been saved."))
        return redirect("newcomers:family", centre=centre, pk=family.pk)
    return render(
        request,
        "newcomers/family_form.html",
        {"form": form, "guardians": guardians, "family": family},
        status=422 if post is not None else 200,
    )


@permission_required("newcomers.change_families")
@require_http_methods(["GET", "POST"])
def child_edit(request: CentreRequest, centre: str, pk: int, child_pk: int | None = None) -> HttpResponse:
    family = _family(request, pk)
    child = _child(family, child_pk) if child_pk else None
    post = request.POST if request.method == "POST" else None
    if post is None and child is not None:
        audit_reads(actor=request.user, centre=request.centre, action="newcomers.child.view", targets=[child])
    form = ChildForm(post, instance=child)
    if post is not None and form.is_valid():
        actions.child_save(family=family, actor=request.user, data=form.cleaned_data, child=child)
        messages.success(request, _("The child's data has been saved."))
        return redirect("newcomers:family", centre=centre, pk=family.pk)
    return render(
        request,
        "newcomers/child_form.html",
        {"form": form, "family": family, "child": child},
        status=422 if post is not None else 200,
    )


def _back(centre: str, family: Family) -> HttpResponse:
    return redirect("newcomers:family", centre=centre, pk=family.pk)


@permission_required("newcomers.change_families")
@require_POST
def child_stage(request: CentreRequest, centre: str, pk: int, child_pk: int) -> HttpResponse:
    """Record a step of the child's way (counselled, exam done, first school day, withdrawn, moved)."""
    family = _family(request, pk)
    child = _child(family, child_pk)
    form = StageForm(request.POST, prefix=f"stage{child.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(centre, family)
    try:
        actions.child_stage_record(child=child, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The step has been recorded."))
    return _back(centre, family)


@permission_required("newcomers.manage_appointments")
@require_POST
def child_book(request: CentreRequest, centre: str, pk: int, child_pk: int) -> HttpResponse:
    """Book a counselling or health-exam slot for a child."""
    family = _family(request, pk)
    child = _child(family, child_pk)
    kind = request.POST.get("kind", "")
    if kind not in dict(AppointmentSlot.Kind.choices):
        raise Http404
    prefix = ("c" if kind == AppointmentSlot.Kind.COUNSELLING else "h") + str(child.pk)
    form = BookForm(request.POST, prefix=prefix, centre=request.centre, kind=kind)
    if not form.is_valid():
        messages.error(request, _("This appointment is no longer free. Please choose another."))
        return _back(centre, family)
    try:
        actions.slot_book(slot=form.cleaned_data["slot"], child=child, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The appointment has been booked."))
    return _back(centre, family)


@permission_required("newcomers.manage_appointments")
@require_POST
def family_book(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Book one counselling conversation for the whole family (it counts for every child)."""
    family = _family(request, pk)
    form = BookForm(request.POST, centre=request.centre, kind=AppointmentSlot.Kind.COUNSELLING)
    if not form.is_valid():
        messages.error(request, _("This appointment is no longer free. Please choose another."))
        return _back(centre, family)
    try:
        actions.slot_book_family(slot=form.cleaned_data["slot"], family=family, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Counselling has been booked for the whole family."))
    return _back(centre, family)


def _saved_for_next_run(request: CentreRequest, centre: str, family: Family) -> HttpResponse:
    messages.success(request, _("Saved for the next placement run."))
    if request.POST.get("next") == "placement":
        return redirect("newcomers:placement", centre=centre)
    return _back(centre, family)


def _not_in_list(request: CentreRequest, centre: str, family: Family) -> HttpResponse:
    messages.error(request, _("This school or seat is not (or no longer) in the list. Please choose again."))
    return _back(centre, family)


@permission_required("newcomers.run_placement")
@require_POST
def child_pin(request: CentreRequest, centre: str, pk: int, child_pk: int) -> HttpResponse:
    """Pin the child to a seat quota for the next placement run (an empty choice releases the pin)."""
    family = _family(request, pk)
    child = _child(family, child_pk)
    form = PreferencesForm(request.POST, centre=request.centre)
    if not form.is_valid():
        return _not_in_list(request, centre, family)
    actions.child_pin(child=child, actor=request.user, quota=form.cleaned_data["pin"])
    return _saved_for_next_run(request, centre, family)


def _exclude_school(request: CentreRequest, centre: str, pk: int, child_pk: int, *, excluded: bool) -> HttpResponse:
    family = _family(request, pk)
    child = _child(family, child_pk)
    form = PreferencesForm(request.POST, centre=request.centre)
    field = "exclude" if excluded else "include"
    if not form.is_valid() or form.cleaned_data[field] is None:
        return _not_in_list(request, centre, family)
    actions.child_exclude_school(child=child, actor=request.user, school=form.cleaned_data[field], excluded=excluded)
    return _saved_for_next_run(request, centre, family)


@permission_required("newcomers.run_placement")
@require_POST
def child_exclude(request: CentreRequest, centre: str, pk: int, child_pk: int) -> HttpResponse:
    """Rule a school out for the child's next placement runs."""
    return _exclude_school(request, centre, pk, child_pk, excluded=True)


@permission_required("newcomers.run_placement")
@require_POST
def child_include(request: CentreRequest, centre: str, pk: int, child_pk: int) -> HttpResponse:
    """Allow a school ruled out before again."""
    return _exclude_school(request, centre, pk, child_pk, excluded=False)


_family_data = PersonalDataViews(
    permission="newcomers.change_families",
    lookup=lambda request, pk, **_: _family(request, pk),
    export=lambda family: actions.family_export(family=family),
    audit_action="newcomers.family.access_export",
    filename="auskunft-familie-{pk}.json",
    erase=lambda family, **kwargs: actions.family_erase(family=family, **kwargs),
    erasure_form=ErasureForm,
    refused=gettext_lazy("Please say why the family is erased."),
    erased=gettext_lazy("The family and everything recorded about it have been erased."),
    back=back_to("newcomers:family", pk=lambda family: family.pk),
    after_erase=back_to("newcomers:worklist"),
    describe=lambda family: str(family.display_name()),
    what=gettext_lazy(
        "The family, its children, appointments and placements are erased for good. "
        "The audit trail keeps only numbers. This cannot be undone."
    ),
)
family_access = _family_data.access_view()
family_erase = _family_data.erase_view()


# --- appointments ----------------------------------------------------------------------------


@permission_required("newcomers.manage_appointments")
@require_http_methods(["GET", "POST"])
def slots(request: CentreRequest, centre: str) -> HttpResponse:
    """Coming appointment slots, and a form to offer more."""
    the_centre = request.centre
    form = SlotsForm(request.POST if request.method == "POST" else None, centre=the_centre)
    if request.method == "POST" and form.is_valid():
        created = actions.slots_create(
            centre=the_centre,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            starts=form.starts(),
            duration_minutes=form.cleaned_data["duration_minutes"],
            place=form.cleaned_data["place"],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, _("%(count)s appointments have been offered.") % {"count": len(created)})
        return redirect("newcomers:slots", centre=centre)
    upcoming = selectors.slots_upcoming(centre=the_centre)
    return render(
        request,
        "newcomers/slots.html",
        {"form": form, "slots": upcoming, "import_form": SlotImportForm(), "now": timezone.now()},
        status=422 if form.errors else 200,
    )


@permission_required("newcomers.manage_appointments")
@require_POST
def slot_import(request: CentreRequest, centre: str) -> HttpResponse:
    """Import the Gesundheitsamt's slots from CSV/XLSX as a background job: every row or none."""
    form = SlotImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("newcomers:slots", centre=centre)
    upload = form.cleaned_data["file"]
    job = job_start(
        centre=request.centre,
        actor=request.user,
        kind="newcomers.slot_import",
        title=_("Import of %(file)s") % {"file": upload.name[:100]},
        input_file=upload,
        params={"kind": form.cleaned_data["kind"]},
    )
    return redirect("core:job", centre=centre, pk=job.pk)


def _slot(request: CentreRequest, pk: int) -> AppointmentSlot:
    return get_object_or_404(AppointmentSlot, centre=request.centre, pk=pk)


def _after_slot(request: CentreRequest, centre: str, refusal: Refused | None = None) -> HttpResponse:
    """Tell the outcome and go back where the form was (a page of this centre's internal area)."""
    if refusal is not None:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Saved."))
    target = request.POST.get("next", "")
    if target.startswith(f"/{centre}/intern/") and "//" not in target:
        return redirect(target)
    return redirect("newcomers:slots", centre=centre)


@permission_required("newcomers.manage_appointments")
@require_http_methods(["GET", "POST"])
def slot_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Cancel a booking: the slot is free again (GET asks first, saying whose appointment it is)."""
    slot = _slot(request, pk)
    if request.method == "GET":
        target = request.GET.get("next", "")
        back = target if target.startswith(f"/{centre}/intern/") and "//" not in target else ""
        whom = slot.child or slot.family
        return ask_first(
            request,
            title=_("Cancel this booking?"),
            what=_("The appointment (%(kind)s, %(when)s, %(place)s) is cancelled and the slot is free again.")
            % {
                "kind": slot.get_kind_display(),
                "when": date_format(timezone.localtime(slot.starts_at), "SHORT_DATETIME_FORMAT"),
                "place": slot.place,
            },
            whom=[str(whom.display_name()) if isinstance(whom, Family) else str(whom)] if whom else [],
            button=_("Yes, cancel the booking"),
            back=back or reverse("newcomers:slots", kwargs={"centre": centre}),
            carry=["next"],
        )
    try:
        actions.slot_cancel_booking(slot=slot, actor=request.user)
    except Refused as refusal:
        return _after_slot(request, centre, refusal)
    return _after_slot(request, centre)


def _record_outcome(request: CentreRequest, centre: str, pk: int, outcome: str) -> HttpResponse:
    slot = _slot(request, pk)
    try:
        actions.slot_record_outcome(slot=slot, actor=request.user, outcome=outcome)
    except Refused as refusal:
        return _after_slot(request, centre, refusal)
    return _after_slot(request, centre)


@permission_required("newcomers.manage_appointments")
@require_POST
def slot_done(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The appointment took place: the child (or every child of the family) moves on."""
    return _record_outcome(request, centre, pk, AppointmentSlot.Outcome.DONE)


@permission_required("newcomers.manage_appointments")
@require_POST
def slot_missed(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The family did not come."""
    return _record_outcome(request, centre, pk, AppointmentSlot.Outcome.MISSED)


@permission_required("newcomers.manage_appointments")
@require_POST
def slot_covered(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The slot's open interpreter need is covered by someone the caseworker found."""
    slot = _slot(request, pk)
    need = selectors.open_interpreter_need(slot=slot)
    if need is None:
        raise Http404
    try:
        actions.interpreter_need_cover(need=need, actor=request.user, covered_by=request.POST.get("covered_by", ""))
    except Refused as refusal:
        return _after_slot(request, centre, refusal)
    return _after_slot(request, centre)


# --- seats and rules -------------------------------------------------------------------------


@permission_required("newcomers.manage_seats")
@require_http_methods(["GET", "POST"])
def seats(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Seats for newcomers per school, grade band and class model; a school contact sees only its own."""
    the_centre = request.centre
    school_id = school_of(request.user, the_centre)
    quotas = selectors.quotas_with_counts(centre=the_centre, school_id=school_id)
    quota = get_object_or_404(quotas, pk=pk) if pk else None
    form = SeatQuotaForm(
        request.POST if request.method == "POST" else None, instance=quota, centre=the_centre, school_id=school_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.quota_save(centre=the_centre, actor=request.user, data=form.cleaned_data, quota=quota)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        except IntegrityError:
            form.add_error("class_model", _("This school already has seats of this kind; change that line instead."))
        else:
            messages.success(request, _("The seats have been saved."))
            return redirect("newcomers:seats", centre=centre)
    return render(
        request,
        "newcomers/seats.html",
        {
            "quotas": quotas,
            "form": form,
            "quota": quota,
            "handover_schools": selectors.schools_with_handover(centre=the_centre),
        },
        status=422 if form.errors else 200,
    )


@permission_required("newcomers.manage_rules")
@require_http_methods(["GET", "POST"])
def rules(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """The centre's eligibility rule table (age, literacy, schooling → grade band, school forms, class models)."""
    the_centre = request.centre
    rule = get_object_or_404(EligibilityRule, centre=the_centre, pk=pk) if pk else None
    post = request.POST if request.method == "POST" else None
    form = RuleForm(post, instance=rule)
    if post is not None and form.is_valid():
        actions.rule_save(centre=the_centre, actor=request.user, data=form.cleaned_data, rule=rule)
        messages.success(request, _("The rule has been saved."))
        return redirect("newcomers:rules", centre=centre)
    return render(
        request,
        "newcomers/rules.html",
        {"rules": selectors.rules(centre=the_centre), "form": form, "rule": rule},
        status=422 if form.errors else 200,
    )


@permission_required("newcomers.manage_rules")
@require_POST
def rules_defaults(request: CentreRequest, centre: str) -> HttpResponse:
    """Fill an empty rule table with the NRW defaults."""
    try:
        actions.rules_load_defaults(centre=request.centre, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    return redirect("newcomers:rules", centre=centre)


@permission_required("newcomers.manage_rules")
@require_POST
def rule_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    rule = get_object_or_404(EligibilityRule, centre=request.centre, pk=pk)
    actions.rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("The rule has been deleted."))
    return redirect("newcomers:rules", centre=centre)


# --- placement -------------------------------------------------------------------------------


@permission_required("newcomers.run_placement")
@require_http_methods(["GET", "POST"])
def placement(request: CentreRequest, centre: str) -> HttpResponse:
    """Run the placement for all waiting children; review the draft proposals and send them on."""
    the_centre = request.centre
    if request.method == "POST":
        run = placement_run_start(centre=the_centre, actor=request.user)
        return redirect("core:job", centre=centre, pk=run.job_id)
    last = selectors.last_finished_run(centre=the_centre)
    drafts = list(selectors.placements_for(centre=the_centre, status=[Placement.Status.DRAFT]))
    unplaced = selectors.unplaced_children(centre=the_centre, run=last)
    audit_reads(
        actor=request.user,
        centre=the_centre,
        action="newcomers.placement.view",
        targets=[p.child for p in drafts] + list(unplaced),
    )
    return render(
        request,
        "newcomers/placement.html",
        {
            "run": last,
            "frontier": selectors.frontier_rows(last),
            "policy": Policy(selectors.policy_of(centre=the_centre)),
            "drafts": [(p, selectors.explain(p.reasons)) for p in drafts],
            "unplaced": [(c, selectors.explain(last.unplaced.get(str(c.pk), []))) for c in unplaced] if last else [],
        },
    )


@permission_required("newcomers.choose_policy")
@require_http_methods(["GET", "POST"])
def placement_policy(request: CentreRequest, centre: str) -> HttpResponse:
    """The trade-off between fairness and places: the last run's frontier and the centre's way of placing."""
    the_centre = request.centre
    current = selectors.policy_of(centre=the_centre)
    post = request.POST if request.method == "POST" else None
    form = PolicyForm(post, initial={"policy": current})
    if post is not None and form.is_valid():
        try:
            actions.placement_policy_set(centre=the_centre, actor=request.user, policy=form.cleaned_data["policy"])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The way of placing has been saved. The next run uses it."))
        return redirect("newcomers:placement_policy", centre=centre)
    last = selectors.last_finished_run(centre=the_centre)
    return render(
        request,
        "newcomers/placement_policy.html",
        {"run": last, "frontier": selectors.frontier_rows(last), "form": form, "current": current},
        status=422 if form.errors else 200,
    )


@permission_required("newcomers.run_placement")
@require_POST
def placement_release(request: CentreRequest, centre: str) -> HttpResponse:
    """Send the ticked draft proposals to the school authority, after a page that lists what is sent."""
    the_centre = request.centre
    form = ReleaseForm(request.POST, centre=the_centre)
    if not form.is_valid():
        messages.error(request, _("Tick the proposals to send on (some may have been replaced by a new run)."))
        return redirect("newcomers:placement", centre=centre)
    chosen = list(form.cleaned_data["placement"])
    if not form.cleaned_data["confirm"]:
        return render(request, "newcomers/placement_confirm.html", {"placements": chosen})
    count = actions.placements_release(
        centre=the_centre,
        actor=request.user,
        placements=chosen,
    )
    messages.success(request, _("%(count)s proposals have been sent to the school authority.") % {"count": count})
    return redirect("newcomers:placement", centre=centre)


@permission_required("newcomers.decide_placements")
@require_GET
def authority(request: CentreRequest, centre: str) -> HttpResponse:
    """The school authority's inbox: proposals to approve or redirect (only to seats the rules allow)."""
    the_centre = request.centre
    proposals = list(selectors.placements_for(centre=the_centre, status=[Placement.Status.PROPOSED]))
    audit_reads(
        actor=request.user,
        centre=the_centre,
        action="newcomers.authority.view",
        targets=[p.child for p in proposals],
    )
    options = selectors.redirect_options(centre=the_centre, placements=proposals)
    return render(
        request,
        "newcomers/authority.html",
        {
            "proposals": [
                (
                    p,
                    selectors.explain(p.reasons),
                    RedirectForm(options=options[p.pk], auto_id=f"%s-{p.pk}") if options[p.pk] else None,
                )
                for p in proposals
            ],
        },
    )


def _proposal(request: CentreRequest, pk: int) -> Placement:
    try:
        return selectors.placement_get(centre=request.centre, pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("newcomers.decide_placements")
@require_POST
def authority_approve(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The school authority approves a proposal (the seat is taken)."""
    proposal = _proposal(request, pk)
    try:
        actions.placement_approve(placement=proposal, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The placement has been approved."))
    return redirect("newcomers:authority", centre=centre)


@permission_required("newcomers.decide_placements")
@require_POST
def authority_redirect(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The school authority places the child at another school the rule table allows."""
    proposal = _proposal(request, pk)
    options = selectors.redirect_options(centre=request.centre, placements=[proposal])[proposal.pk]
    form = RedirectForm(request.POST, options=options)
    if not form.is_valid():
        messages.error(request, _("Choose one of the schools the rule table allows for this child."))
        return redirect("newcomers:authority", centre=centre)
    try:
        actions.placement_redirect(placement=proposal, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The child has been placed at the other school."))
    return redirect("newcomers:authority", centre=centre)


def _school_placements(request: CentreRequest) -> QuerySet[Placement]:
    the_centre = request.centre
    return selectors.placements_for(
        centre=the_centre,
        status=[Placement.Status.PROPOSED, Placement.Status.APPROVED, Placement.Status.ACCEPTED],
        school_id=school_of(request.user, the_centre),
    )


@permission_required("newcomers.school_placements")
@require_GET
def school(request: CentreRequest, centre: str) -> HttpResponse:
    """A school contact's view: only the children proposed or placed at their school, minimal data."""
    placements = list(_school_placements(request).filter(child__stage__in=[*Child.PLACED_STAGES, "placement_proposed"]))
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="newcomers.school.view",
        targets=[p.child for p in placements],
    )
    return render(
        request,
        "newcomers/school.html",
        {
            "placements": placements,
            "accept_form": AcceptForm(),
            "decline_form": DeclineForm(),
            "school_id": school_of(request.user, request.centre),
        },
    )


@permission_required("newcomers.school_placements")
@require_POST
def school_accept(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The school confirms the child and names the first school day."""
    proposal = get_object_or_404(_school_placements(request), pk=pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("newcomers:school", centre=centre)
    try:
        actions.placement_accept(placement=proposal, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The first school day has been confirmed."))
    return redirect("newcomers:school", centre=centre)


@permission_required("newcomers.school_placements")
@require_POST
def school_decline(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The school declines the place with a reason."""
    proposal = get_object_or_404(_school_placements(request), pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("newcomers:school", centre=centre)
    try:
        actions.placement_decline(placement=proposal, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The placement has been declined; the centre has been told."))
    return redirect("newcomers:school", centre=centre)


# --- letters ---------------------------------------------------------------------------------


@permission_required("newcomers.view_families")
@require_GET
def letter(request: CentreRequest, centre: str, pk: int, child_pk: int, kind: str) -> HttpResponse:
    """One letter for one child as PDF (German and the family's language side by side)."""
    if kind not in LetterKind.values:
        raise Http404
    family = _family(request, pk)
    child = _child(family, child_pk)
    try:
        pdf = actions.letter_download(child=child, kind=kind, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return _back(centre, family)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brief-{kind}-{child.pk}.pdf"'
    return response


@permission_required("newcomers.change_families")
@require_http_methods(["GET", "POST"])
def letters(request: CentreRequest, centre: str) -> HttpResponse:
    """The letter texts per language, and a batch of letters as one PDF (background job)."""
    the_centre = request.centre
    form = LetterBatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = actions.letters_batch_start(
            centre=the_centre, actor=request.user, kind=data["kind"], since=data["since"], until=data["until"]
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    own = {(row.kind, row.language): row for row in selectors.letter_templates(centre=the_centre)}
    kinds = [
        {
            "kind": kind,
            "label": label,
            "texts": [
                {"language": code, "label": language_label(code), "own": (kind, code) in own}
                for code in sorted(texts_for(the_centre, kind), key=lambda code: (code != "de", code))
            ],
        }
        for kind, label in LetterKind.choices
    ]
    return render(
        request,
        "newcomers/letters.html",
        {"form": form, "kinds": kinds, "languages": LANGUAGE_CHOICES},
        status=422 if form.errors else 200,
    )


@permission_required("newcomers.change_families")
@require_http_methods(["GET", "POST"])
def letter_text(request: CentreRequest, centre: str, kind: str, language: str) -> HttpResponse:
    """Edit the centre's wording of one letter in one language (starts from the shipped text)."""
    if kind not in LetterKind.values or language not in dict(LANGUAGE_CHOICES):
        raise Http404
    the_centre = request.centre
    row = selectors.letter_template(centre=the_centre, kind=kind, language=language)
    default = DEFAULT_TEXTS.get(kind, {}).get(language) or DEFAULT_TEXTS[kind]["de"]
    form = LetterTextForm(
        request.POST if request.method == "POST" else None,
        instance=row,
        initial={} if row else {"subject": default[0], "body": default[1]},
    )
    if request.method == "POST" and form.is_valid():
        actions.letter_text_save(
            centre=the_centre,
            actor=request.user,
            kind=kind,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("The letter text has been saved."))
        return redirect("newcomers:letters", centre=centre)
    return render(
        request,
        "newcomers/letter_text.html",
        {
            "form": form,
            "kind_label": LetterKind(kind).label,
            "language_label": language_label(language),
            "rtl": language in settings.LANGUAGES_BIDI,
            "language": language,
        },
        status=422 if form.errors else 200,
    )


# --- figures and hand-over -------------------------------------------------------------------


@permission_required("newcomers.view_figures")
@require_GET
def figures(request: CentreRequest, centre: str) -> HttpResponse:
    """Waiting list and waiting times (aggregates), on screen or as XLSX for the school authority."""
    the_centre = request.centre
    numbers = waiting_figures(centre=the_centre)
    bands = dict(GradeBand.choices)
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            request,
            centre=the_centre,
            action="newcomers.figures.export",
            sheets=figures_sheets(numbers, bands),
            filename=f"wartezeiten-{numbers.today.isoformat()}.xlsx",
        )
    return render(request, "newcomers/figures.html", {"figures": numbers, "tables": figures_tables(numbers, bands)})


def _handover_placements(
    request: CentreRequest, the_centre: Centre, school_pk: int
) -> tuple[Organisation, list[Placement]]:
    """The school (a school contact only their own) and its approved or accepted placements."""
    own_school = school_of(request.user, the_centre)
    if own_school is not None and own_school != school_pk:
        raise Http404
    school_org = get_object_or_404(Organisation, centre=the_centre, kind=Organisation.Kind.SCHOOL, pk=school_pk)
    placements = list(
        selectors.placements_for(
            centre=the_centre, status=[Placement.Status.APPROVED, Placement.Status.ACCEPTED], school_id=school_org.pk
        ).prefetch_related("child__family__guardians", "child__stage_events")
    )
    return school_org, placements


@permission_required("newcomers.handover")
@require_GET
def handover(request: CentreRequest, centre: str, school_pk: int) -> HttpResponse:
    """The placed children of one school as SchILD-NRW interface files (ZIP; decision 0013)."""
    the_centre = request.centre
    school_org, placements = _handover_placements(request, the_centre, school_pk)
    form = HandoverForm(request.GET, placements=placements)
    if not form.is_valid():
        return render(request, "newcomers/handover.html", {"school": school_org, "form": form}, status=422)
    try:
        content = schild_zip(placements, encoding=form.file_encoding(), classes=form.classes())
    except Refused as refusal:  # shown on the screen, with what the school entered
        show_refusal(request, refusal, form=form)
        return render(request, "newcomers/handover.html", {"school": school_org, "form": form}, status=422)
    audit_reads(
        actor=request.user,
        centre=the_centre,
        action="newcomers.handover.export",
        targets=[p.child for p in placements],
    )
    response = HttpResponse(content, content_type="application/zip")
    name = f"schild-uebergabe-{school_org.school_number or school_org.pk}-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("newcomers.handover")
@require_GET
def handover_screen(request: CentreRequest, centre: str, school_pk: int) -> HttpResponse:
    """Before the download: the children in the files, their grade and class (optional), the encoding."""
    the_centre = request.centre
    school_org, placements = _handover_placements(request, the_centre, school_pk)
    audit_reads(
        actor=request.user,
        centre=the_centre,
        action="newcomers.handover.view",
        targets=[p.child for p in placements],
    )
    return render(
        request, "newcomers/handover.html", {"school": school_org, "form": HandoverForm(placements=placements)}
    )


# --- the school authority's table: several proposals at once ------------------------------------

BULK_SORTS = {
    "age": lambda p: (p.child.birth_date, p.pk),  # youngest last: oldest first
    "school": lambda p: (p.quota.school.name.casefold(), p.pk),
    "distance": lambda p: (p.distance_km is None, p.distance_km or 0.0, p.pk),
    "waiting": lambda p: (p.child.registered_on, p.pk),  # longest waiting first
}
BULK_VERBS = {"approve", "return"}


def _bulk_rows(request: CentreRequest, ids: list[int] | None = None) -> list[Placement]:
    proposals = selectors.placements_for(centre=request.centre, status=[Placement.Status.PROPOSED])
    if ids is not None:
        proposals = proposals.filter(pk__in=ids)
    rows = list(proposals)
    audit_reads(
        actor=request.user, centre=request.centre, action="newcomers.authority.view", targets=[p.child for p in rows]
    )
    return rows


def _chosen_ids(data: Any) -> list[int]:
    return sorted({pk for pk in (requested_id({"pk": v}, "pk") for v in data.getlist("placement")) if pk})


@permission_required("newcomers.decide_placements")
@require_GET
def authority_table(request: CentreRequest, centre: str) -> HttpResponse:
    """The proposals as a sortable table with a tick per row: approve or return the ticked ones."""
    sort = request.GET.get("sort", "waiting")
    if sort not in BULK_SORTS:
        sort = "waiting"
    rows = sorted(_bulk_rows(request), key=BULK_SORTS[sort])
    today = timezone.localdate()
    return render(
        request,
        "newcomers/authority_table.html",
        {
            "rows": [(p, selectors.explain(p.reasons), p.child.age_on(today)) for p in rows],
            "sort": sort,
            "sorts": list(BULK_SORTS),
        },
    )


@permission_required("newcomers.decide_placements")
@require_GET
def authority_bulk(request: CentreRequest, centre: str) -> HttpResponse:
    """What will happen to the ticked proposals, asked before anything is done (a GET: nothing changes)."""
    verb = request.GET.get("verb", "")
    ids = _chosen_ids(request.GET)
    if verb not in BULK_VERBS or not ids:
        messages.error(request, _("Tick at least one proposal, then choose what to do with it."))
        return redirect("newcomers:authority_table", centre=centre)
    rows = _bulk_rows(request, ids)
    if not rows:
        messages.error(request, _("None of the ticked proposals is waiting any more."))
        return redirect("newcomers:authority_table", centre=centre)
    return render(
        request,
        "newcomers/authority_bulk.html",
        {"verb": verb, "rows": rows, "form": BulkReturnForm() if verb == "return" else None},
    )


def _bulk_do(request: CentreRequest, centre: str, verb: str) -> HttpResponse:
    ids = _chosen_ids(request.POST)
    reason = ""
    if verb == "return":
        form = BulkReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a reason."))
            return redirect("newcomers:authority_table", centre=centre)
        reason = form.cleaned_data["reason"]
    try:
        report = actions.placements_decide_many(
            centre=request.centre, actor=request.user, placement_ids=ids, verb=verb, reason=reason
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect("newcomers:authority_table", centre=centre)
    return render(
        request,
        "newcomers/authority_bulk_report.html",
        {"verb": verb, "report": report, "done": sum(1 for _p, problem in report if not problem)},
    )


@permission_required("newcomers.decide_placements")
@require_POST
def authority_bulk_approve(request: CentreRequest, centre: str) -> HttpResponse:
    """Approve the confirmed proposals one by one (each through the single approval); report each."""
    return _bulk_do(request, centre, "approve")


@permission_required("newcomers.decide_placements")
@require_POST
def authority_bulk_return(request: CentreRequest, centre: str) -> HttpResponse:
    """Return the confirmed proposals to the integration centre with one reason; report each."""
    return _bulk_do(request, centre, "return")
