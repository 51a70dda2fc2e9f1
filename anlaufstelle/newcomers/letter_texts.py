"""The shipped wording of the family letters: kind -> language -> (subject, body).

Plain words, short sentences (the families read them in a language they are learning, or
have them read out). Placeholders in braces are filled per child; a centre overrides any text
on its "Letters" page. Languages without an entry here get the German letter only, with a
line saying so.
"""

from __future__ import annotations

DEFAULT_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "invitation": {
        "de": (
            "Einladung zum Beratungsgespräch",
            "Guten Tag,\n\n"
            "wir laden Sie zu einem Gespräch über die Schule für {child} ein.\n\n"
            "Wann: {date} um {time} Uhr\n"
            "Wo: {place}\n\n"
            "Bitte bringen Sie mit: Ausweis oder Aufenthaltspapier, Meldebescheinigung und, wenn vorhanden, "
            "Zeugnisse aus der bisherigen Schule.\n\n"
            "Wenn Sie nicht kommen können, rufen Sie uns bitte an: {centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Invitation to a counselling appointment",
            "Hello,\n\n"
            "we invite you to a meeting about school for {child}.\n\n"
            "When: {date} at {time}\n"
            "Where: {place}\n\n"
            "Please bring: passport or residence document, registration certificate and, if you have them, "
            "school reports from the previous school.\n\n"
            "If you cannot come, please call us: {centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
    },
    "appointment": {
        "de": (
            "Termin zur Schuleingangsuntersuchung",
            "Guten Tag,\n\n"
            "bevor {child} zur Schule geht, untersucht das Gesundheitsamt Ihr Kind (Hören, Sehen, "
            "körperliche Untersuchung, Masernimpfung).\n\n"
            "Wann: {date} um {time} Uhr\n"
            "Wo: {place}\n\n"
            "Bitte bringen Sie den Impfpass und, wenn vorhanden, Arztberichte mit.\n\n"
            "Wenn Sie nicht kommen können, rufen Sie uns bitte an: {centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Appointment for the school health examination",
            "Hello,\n\n"
            "before {child} starts school, the health office examines your child (hearing, sight, "
            "physical examination, measles vaccination).\n\n"
            "When: {date} at {time}\n"
            "Where: {place}\n\n"
            "Please bring the vaccination record and, if you have them, doctors' reports.\n\n"
            "If you cannot come, please call us: {centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
    },
    "placement": {
        "de": (
            "Ihr Kind hat einen Schulplatz",
            "Guten Tag,\n\n"
            "{child} hat einen Platz an dieser Schule:\n\n"
            "{school}\n{school_address}\n\n"
            "Erster Schultag: {first_school_day}\n\n"
            "Bitte melden Sie sich vorher im Sekretariat der Schule. Bei Fragen rufen Sie uns an: "
            "{centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Your child has a school place",
            "Hello,\n\n"
            "{child} has a place at this school:\n\n"
            "{school}\n{school_address}\n\n"
            "First school day: {first_school_day}\n\n"
            "Please contact the school office before that day. If you have questions, call us: "
            "{centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
    },
    "privacy": {
        "de": (
            "Datenschutzhinweise: Ihre Daten im Kommunalen Integrationszentrum",
            "Wer? {centre}, {centre_address}, Telefon {centre_phone}.\n\n"
            "Wofür? Wir beraten Sie und finden mit dem Schulamt einen Schulplatz für {child}. Dafür "
            "speichern wir: Namen, Geburtsdatum, Adresse, Telefon, Sprachen und die bisherige Schulzeit "
            "Ihres Kindes.\n\n"
            "Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO mit dem Schulgesetz NRW und dem "
            "Datenschutzgesetz NRW; freiwillige Angaben nur mit Ihrer Einwilligung.\n\n"
            "Wer bekommt Daten? Das Schulamt und die Schule (nur was für die Aufnahme nötig ist), das "
            "Gesundheitsamt für die Schuleingangsuntersuchung. Dolmetschende erfahren nur Sprache, Ort "
            "und Zeit.\n\n"
            "Wie lange? Bis zwei Jahre nach dem ersten Schultag, dann löschen wir alles.\n\n"
            "Ihre Rechte: Auskunft, Berichtigung, Löschung, Einschränkung, Widerspruch, Widerruf einer "
            "Einwilligung. Beschwerde: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW, "
            "Düsseldorf.",
        ),
        "en": (
            "Data protection: your data at the integration centre",
            "Who? {centre}, {centre_address}, phone {centre_phone}.\n\n"
            "What for? We advise you and find a school place for {child} together with the school "
            "authority. For this we store: your child's name, date of birth, address, phone, languages "
            "and previous schooling.\n\n"
            "Legal basis: Art. 6 (1) (e) GDPR with the NRW Schools Act and the NRW Data Protection Act; "
            "voluntary information only with your consent.\n\n"
            "Who receives data? The school authority and the school (only what admission needs), the "
            "health office for the school health examination. Interpreters learn only the language, "
            "place and time.\n\n"
            "How long? Until two years after the first school day; then we delete everything.\n\n"
            "Your rights: access, correction, erasure, restriction, objection, withdrawing consent. "
            "Complaints: the NRW Commissioner for Data Protection and Freedom of Information, "
            "Düsseldorf.",
        ),
    },
}
