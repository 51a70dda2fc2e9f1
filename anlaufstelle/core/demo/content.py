"""Texts of the demo centres' public pages (synthetic; German, English and Arabic)."""

from __future__ import annotations

from typing import Any

PAGE = {
    "de": {
        "tagline": "Zentrale Anlauf- und Koordinierungsstelle für Integration in {place}",
        "about": (
            "Das Kommunale Integrationszentrum (KI) {name} berät neu zugewanderte Familien, "
            "unterstützt Kitas und Schulen und vernetzt alle, die sich in {place} für Integration "
            "einsetzen.\n\nWir arbeiten nach dem Teilhabe- und Integrationsgesetz NRW und werden "
            "vom Land Nordrhein-Westfalen gefördert."
        ),
        "fields_of_work": (
            "- Beratung neu zugewanderter Familien und Vermittlung von Schulplätzen\n"
            "- Sprachlotsinnen und Sprachlotsen, Bildungspatenschaften\n"
            "- Fortbildungen für Lehrkräfte und pädagogische Fachkräfte\n"
            "- Elternprogramme in Kitas und Schulen (Rucksack, Griffbereit)\n"
            "- Geschäftsstelle des Integrationsrats\n"
            "- Förderung von Migrantenselbstorganisationen"
        ),
        "office_hours": "Montag bis Donnerstag 9–12 Uhr und 14–16 Uhr\n\nFreitag 9–12 Uhr\n\nTermine nach Vereinbarung.",
        "notice": "Wir sind bis zum 30. November nur telefonisch erreichbar.",
        "privacy_notice": (
            "## Verantwortliche Stelle\n\n{name}, {street}, {postcode} {city}.\n\n"
            "## Zweck und Rechtsgrundlage\n\nWir verarbeiten personenbezogene Daten, um Sie zu beraten "
            "(Art. 6 Abs. 1 lit. e DSGVO i. V. m. dem Teilhabe- und Integrationsgesetz NRW).\n\n"
            "## Speicherdauer\n\nDaten werden gelöscht, sobald sie für den Zweck nicht mehr erforderlich sind.\n\n"
            "## Ihre Rechte\n\nSie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung und "
            "Widerspruch sowie auf Beschwerde bei der Landesbeauftragten für Datenschutz NRW.\n\n"
            "## Datenschutzbeauftragte\n\ndatenschutz@{slug}.example"
        ),
        "accessibility_statement": (
            "Diese Website soll barrierefrei nach BITV NRW und WCAG 2.1 AA sein.\n\n"
            "## Stand der Vereinbarkeit\n\nDie Seite ist weitgehend vereinbar. Bekannte Einschränkungen "
            "werden hier aufgeführt, sobald sie bekannt werden.\n\n"
            "## Feedback\n\nBarrieren melden Sie bitte an barrierefreiheit@{slug}.example.\n\n"
            "## Durchsetzungsverfahren\n\nOmbudsstelle für barrierefreie Informationstechnik NRW."
        ),
        "easy_language": (
            "Wir sind das Kommunale Integrationszentrum.\n\n"
            "Wir helfen Menschen, die neu in {place} sind.\n\n"
            "Wir helfen bei der Schule für Ihre Kinder.\n\n"
            "Sie können uns anrufen. Oder Sie schreiben uns eine E-Mail."
        ),
        "legal_notice": "{name}\n\n{street}\n\n{postcode} {city}\n\nVertreten durch die Leitung des KI.",
    },
    "en": {
        "tagline": "The central point of contact and coordination for integration in {place}",
        "about": (
            "The Municipal Integration Centre {name} advises newly arrived families, supports "
            "daycare centres and schools, and connects everyone in {place} who works for integration."
        ),
        "fields_of_work": (
            "- Counselling for newly arrived families and school places\n"
            "- Volunteer interpreters and learning mentors\n"
            "- Training for teachers and educational staff\n"
            "- Parent programmes in daycare centres and schools\n"
            "- Office of the Integration Council\n"
            "- Support for migrant organisations"
        ),
        "office_hours": "Monday to Thursday 9–12 and 14–16\n\nFriday 9–12\n\nAppointments by arrangement.",
        "notice": "Until 30 November we can only be reached by phone.",
        "easy_language": (
            "We are the integration centre.\n\nWe help people who are new in {place}.\n\n"
            "We help with school for your children."
        ),
    },
    "ar": {
        "tagline": "مركز الاتصال والتنسيق المركزي للاندماج في {place}",
        "about": (
            "يقدم مركز الاندماج البلدي {name} المشورة للعائلات القادمة حديثاً، ويدعم رياض الأطفال "
            "والمدارس، ويربط بين جميع العاملين من أجل الاندماج في {place}."
        ),
        "fields_of_work": (
            "- تقديم المشورة للعائلات القادمة حديثاً والمساعدة في الحصول على مقعد مدرسي\n"
            "- مترجمون متطوعون ومرشدون تعليميون\n"
            "- دورات تدريبية للمعلمين والعاملين التربويين\n"
            "- برامج للآباء والأمهات في رياض الأطفال والمدارس"
        ),
        "office_hours": "من الاثنين إلى الخميس ٩–١٢ و١٤–١٦\n\nالجمعة ٩–١٢\n\nالمواعيد بالاتفاق.",
        "notice": "حتى ٣٠ نوفمبر يمكن التواصل معنا عبر الهاتف فقط.",
    },
}

TEAM: list[dict[str, Any]] = [
    {
        "name": "Dr. Miriam Beispiel",
        "de": ("Leitung", "Gesamtleitung, Integrationskonzept, Zusammenarbeit mit dem Integrationsrat"),
        "en": ("Head of centre", "Management, integration concept, cooperation with the Integration Council"),
        "ar": ("المديرة", "الإدارة العامة، مفهوم الاندماج، التعاون مع مجلس الاندماج"),
    },
    {
        "name": "Jonas Demo",
        "de": ("Schulberatung", "Beratung neu zugewanderter Familien, Schulplatzvermittlung mit dem Schulamt"),
        "en": ("School counselling", "Counselling newly arrived families, school places with the school authority"),
        "ar": ("الاستشارات المدرسية", "تقديم المشورة للعائلات القادمة حديثاً، الحصول على مقعد مدرسي"),
    },
    {
        "name": "Aylin Muster",
        "de": ("Ehrenamtskoordination", "Sprachlotsinnen und Sprachlotsen, Bildungspatenschaften"),
        "en": ("Volunteer coordination", "Volunteer interpreters and learning mentors"),
        "ar": ("تنسيق العمل التطوعي", "المترجمون المتطوعون والمرشدون التعليميون"),
    },
]
