"""Backup and restore of the whole installation."""

from __future__ import annotations

import zipfile

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry, CentreContent
from anlaufstelle.partners.models import ContactPerson, Organisation
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_everything_back(centre, other_centre, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "logo.png").write_bytes(b"png-bytes")
    with scopes_disabled():
        ContactPersonFactory(organisation=OrganisationFactory(centre=centre, name="Kita Sonnenschein"))
        CentreContent.objects.create(centre=centre, language="de", about="Über uns")
    from anlaufstelle.core.audit import audit_record

    audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.SECURITY, action="before-backup")
    archive = tmp_path / "backup.zip"
    call_command("backup", output=str(archive))
    assert {"manifest.json", "data.json", "media/uploads/logo.png"} <= set(zipfile.ZipFile(archive).namelist())

    with scopes_disabled():
        Organisation.objects.all().delete()
    (settings.MEDIA_ROOT / "uploads" / "logo.png").unlink()

    call_command("restore", str(archive), yes=True)
    with scopes_disabled():
        assert Organisation.objects.get().name == "Kita Sonnenschein"
        assert ContactPerson.objects.count() == 1
        assert CentreContent.objects.get().about == "Über uns"
        assert AuditEntry.objects.filter(action="before-backup").exists()
    assert (settings.MEDIA_ROOT / "uploads" / "logo.png").read_bytes() == b"png-bytes"


def test_restore_needs_confirmation_and_a_real_backup(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), yes=True)
    with zipfile.ZipFile(tmp_path / "y.zip", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="not an Anlaufstelle backup"):
        call_command("restore", str(tmp_path / "y.zip"), yes=True)


@pytest.mark.django_db(transaction=True)
def test_a_backup_records_counts_and_checksums_and_a_damaged_one_is_refused(centre, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    import json

    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        OrganisationFactory(centre=centre, name="Verein A")
    archive = tmp_path / "backup.zip"
    call_command("backup", output=str(archive))
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert manifest["counts"]["partners.organisation"] == 1 and len(manifest["data_sha256"]) == 64

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as out:
        out.writestr("manifest.json", source.read("manifest.json"))
        out.writestr("data.json", source.read("data.json").replace(b"Verein A", b"Verein B"))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), yes=True)
    with scopes_disabled():
        assert Organisation.objects.get().name == "Verein A"
