"""Upload checks: size and real content type; files are stored under generated names."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

ALLOWED_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def generated_upload_path(instance: Any, filename: str) -> str:
    """Store uploads under a random name; the user's file name is never used on disk."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"uploads/{instance._meta.app_label}/{uuid.uuid4().hex}{suffix}"


def validate_upload_size(upload: UploadedFile) -> None:
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(limit)s MB).") % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )


def validate_image_upload(upload: Any) -> None:
    """Accept only PNG, JPEG and WebP images (checked by content, not by file name)."""
    from PIL import Image, UnidentifiedImageError

    if getattr(upload, "_committed", False):  # an already stored file, checked when it was uploaded
        return
    validate_upload_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format or ""
    except Image.DecompressionBombError as exc:  # not an OSError: it escaped as a 500 before
        raise ValidationError(_("The picture has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(_("The file is not a PNG, JPEG or WebP image.")) from exc
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("The file is not a PNG, JPEG or WebP image."))
