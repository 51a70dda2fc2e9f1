"""The eligibility rule table: NRW defaults and which seat quotas a child may be placed in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from anlaufstelle.core.geo import Point, distance_km
from anlaufstelle.newcomers.models import Child, EligibilityRule, SeatQuota
from anlaufstelle.newcomers.models.schools import ClassModel, GradeBand

GS, HS, RS, SK, GE, GY, PR, BK = (
    "grundschule",
    "hauptschule",
    "realschule",
    "sekundarschule",
    "gesamtschule",
    "gymnasium",
    "primus",
    "berufskolleg",
)
SECONDARY = [HS, RS, SK, GE, PR]
INTEGRATION: list[str] = [ClassModel.REGULAR, ClassModel.PARTLY_INTEGRATED, ClassModel.PREPARATORY]


@dataclass(frozen=True)
class DefaultRule:
    label: str
    min_age: int
    max_age: int
    grade_band: str
    school_forms: Sequence[str]
    class_models: Sequence[str]
    max_km: int
    literacy: str = EligibilityRule.LiteracyCondition.ANY
    min_schooling_years: int = 0


# After the NRW decree "Integration und Deutschförderung neu zugewanderter Schülerinnen und
# Schüler" (2018/2023): age decides the level; 16–18 go to an Internationale Förderklasse at a
# Berufskolleg; children not literate in Latin script may start in a literacy group; the
# Gymnasium is open to children whose prior schooling was regular for their age. Labels are
# German (the table is edited by German-speaking staff) and stay editable by each centre.
NRW_DEFAULTS = [
    DefaultRule("Grundschule (6–9 Jahre)", 6, 9, GradeBand.PRIMARY, [GS, PR], INTEGRATION, 5),
    DefaultRule(
        "Sekundarstufe I, Klassen 5–7 (10–12 Jahre)",
        10,
        12,
        GradeBand.LOWER_SECONDARY,
        SECONDARY,
        INTEGRATION,
        10,
    ),
    DefaultRule(
        "Gymnasium, Klassen 5–7, bei regulärer Vorbildung",
        10,
        12,
        GradeBand.LOWER_SECONDARY,
        [GY],
        INTEGRATION,
        10,
        EligibilityRule.LiteracyCondition.LITERATE,
        4,
    ),
    DefaultRule(
        "Sekundarstufe I, Klassen 8–10 (13–15 Jahre)",
        13,
        15,
        GradeBand.UPPER_SECONDARY,
        SECONDARY,
        INTEGRATION,
        10,
    ),
    DefaultRule(
        "Gymnasium, Klassen 8–10, bei regulärer Vorbildung",
        13,
        15,
        GradeBand.UPPER_SECONDARY,
        [GY],
        INTEGRATION,
        10,
        EligibilityRule.LiteracyCondition.LITERATE,
        7,
    ),
    DefaultRule(
        "Erstalphabetisierung (10–15 Jahre, noch nicht alphabetisiert)",
        10,
        15,
        GradeBand.LOWER_SECONDARY,
        [HS, SK, GE, PR],
        [ClassModel.LITERACY],
        10,
        EligibilityRule.LiteracyCondition.NOT_LITERATE,
    ),
    DefaultRule(
        "Internationale Förderklasse am Berufskolleg (16–18 Jahre)",
        16,
        18,
        GradeBand.VOCATIONAL,
        [BK],
        [ClassModel.INTERNATIONAL],
        20,
    ),
]


@dataclass(frozen=True)
class Fit:
    """A rule as plain values, evaluated many times per run."""

    rule_id: int
    min_age: int
    max_age: int
    literacy: str
    min_schooling_years: int
    grade_band: str
    school_forms: frozenset[str]
    class_models: frozenset[str]
    max_km: float
    max_minutes: float | None = None  # door to door; None: no limit

    def allows(self, km: float, minutes: float | None) -> bool:
        """Within this rule's distance and, where it sets one, its travel time."""
        return km <= self.max_km and (self.max_minutes is None or minutes is None or minutes <= self.max_minutes)

    def matches_child(self, child: Child, today: datetime.date) -> bool:
        age = child.age_on(today)
        if not self.min_age <= age <= self.max_age or child.schooling_years < self.min_schooling_years:
            return False
        if self.literacy == EligibilityRule.LiteracyCondition.LITERATE:
            return bool(child.latin_literacy == Child.Literacy.YES)
        if self.literacy == EligibilityRule.LiteracyCondition.NOT_LITERATE:
            return bool(child.latin_literacy != Child.Literacy.YES)
        return True

    def matches_quota(self, quota: SeatQuota, school_form: str) -> bool:
        return (
            quota.grade_band == self.grade_band
            and quota.class_model in self.class_models
            and school_form in self.school_forms
        )


def fits(rules: Iterable[EligibilityRule]) -> list[Fit]:
    return [
        Fit(
            rule_id=rule.pk,
            min_age=rule.min_age,
            max_age=rule.max_age,
            literacy=rule.literacy,
            min_schooling_years=rule.min_schooling_years,
            grade_band=rule.grade_band,
            school_forms=frozenset(rule.school_form_codes),
            class_models=frozenset(rule.class_model_codes),
            max_km=float(rule.max_km or Decimal(0)),
            max_minutes=float(rule.max_minutes) if rule.max_minutes is not None else None,
        )
        for rule in rules
        if rule.is_active
    ]


def limits_by_quota(
    child: Child, quotas: Iterable[tuple[SeatQuota, str]], rules: list[Fit], today: datetime.date
) -> dict[int, list[Fit]]:
    """For each seat quota the child may take: the matching rules that open it (each with its limits)."""
    matching = [rule for rule in rules if rule.matches_child(child, today)]
    limits: dict[int, list[Fit]] = {}
    for quota, school_form in quotas:
        allowed = [rule for rule in matching if rule.matches_quota(quota, school_form)]
        if allowed:
            limits[quota.pk] = allowed
    return limits


def seat_options(
    child: Child,
    quotas: Iterable[SeatQuota],
    rules: list[Fit],
    today: datetime.date,
    home: Point | None,
    points: dict[int, Point | None],
) -> list[tuple[SeatQuota, float | None]]:
    """The seat quotas the rule table allows the child, within the rule's distance and travel time, nearest first.

    `points` maps a school's id to its position. Without a known home or school position the
    distance is unknown (None) and only age, literacy, schooling and school form decide. Travel
    times come from the configured provider (core/travel.py) for the schools within distance.
    """
    from anlaufstelle.core.travel import get_travel_times

    quotas = list(quotas)
    limits = limits_by_quota(child, [(q, q.school.school_form) for q in quotas], rules, today)
    needs_minutes = any(rule.max_minutes is not None for found in limits.values() for rule in found)
    straight: dict[int, float] = {}
    for quota in quotas:
        point = points.get(quota.school_id)
        if quota.pk in limits and home is not None and point is not None:
            straight[quota.school_id] = distance_km(home, point)
    minutes: dict[int, float] = {}
    if needs_minutes and home is not None and straight:
        schools = sorted(straight)
        legs = get_travel_times().legs([home], [points[s] for s in schools])[0]  # type: ignore[misc]
        minutes = {school: leg.minutes for school, leg in zip(schools, legs, strict=True)}
    options: list[tuple[SeatQuota, float | None]] = []
    for quota in quotas:
        if quota.pk not in limits:
            continue
        distance = straight.get(quota.school_id)
        if distance is not None and not any(
            rule.allows(distance, minutes.get(quota.school_id)) for rule in limits[quota.pk]
        ):
            continue
        options.append((quota, round(distance, 1) if distance is not None else None))
    return sorted(options, key=lambda option: (option[1] is None, option[1] or 0, str(option[0])))
