"""Photos uploaded to a gallery are re-encoded in the task queue, with a progress bar.

The request only checks the files (count, size, real image type) and packs them into one
archive, which core.jobs stores privately as the job's input. The job (`news.photos`)
re-encodes each photo (news/images.py: no metadata, bounded pixels, responsive sizes), reports
its progress, and adds all of them in one transaction, or none: one refused file refuses the
whole upload and is named. The archive is deleted when the job has read it (core.jobs).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from anlaufstelle.core.jobs import Progress, job_start, register_job
from anlaufstelle.core.models import BackgroundJob, User
from anlaufstelle.news.images import Renditions, render_picture
from anlaufstelle.news.models import Gallery

KIND = "news.photos"


def photos_upload_start(*, gallery: Gallery, actor: User, uploads: list[Any]) -> BackgroundJob:
    """Pack the checked uploads into one archive and start the job that re-encodes and adds them."""
    buffer = io.BytesIO()
    names = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # photos do not compress
        for number, upload in enumerate(uploads):
            upload.seek(0)
            archive.writestr(f"{number:03d}", upload.read())
            names.append(str(upload.name or "")[:100])
    return job_start(
        centre=gallery.centre,
        actor=actor,
        kind=KIND,
        title=_("Photos for a gallery (%(count)d)") % {"count": len(uploads)},
        input_file=ContentFile(buffer.getvalue(), name="photos.zip"),  # type: ignore[arg-type]
        params={"gallery": gallery.pk, "names": names},
    )


@register_job(KIND)
def photos_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    from anlaufstelle.news.actions import photos_add

    gallery = Gallery.objects.get(pk=job.params["gallery"], centre=job.centre)
    names: list[str] = job.params.get("names", [])
    total = len(names)
    progress.every = 1
    # One step per photo re-encoded (the slow part), one for storing them all: that happens in one
    # transaction, so progress written inside it would not be seen before it ends anyway.
    progress(0, total + 1, _("Preparing the photos …"))
    pictures: list[Renditions] = []
    problems: list[dict[str, Any]] = []
    with job.input_file.open("rb") as raw, zipfile.ZipFile(raw) as archive:
        for number, info in enumerate(archive.infolist()):
            name = names[number] if number < len(names) else info.filename
            if info.file_size > settings.UPLOAD_MAX_BYTES:  # the request's limit holds here too
                problems.append({"row": number + 1, "message": f"{name}: " + _("The file is too large.")})
                continue
            try:
                pictures.append(render_picture(ContentFile(archive.read(info), name=name)))
            except ValidationError as error:
                problems.append({"row": number + 1, "message": f"{name}: " + " ".join(error.messages)})
            progress(
                number + 1,
                total + 1,
                _("Photo %(number)d of %(total)d prepared") % {"number": number + 1, "total": total},
            )
    link = {"url": reverse("news:gallery_edit", kwargs={"centre": job.centre.slug, "pk": gallery.pk})}
    if problems:
        return {"ok": False, "problems": problems, "link": link}
    added = photos_add(gallery=gallery, actor=job.created_by, pictures=pictures)
    return {"ok": True, "added": len(added), "next": link}
