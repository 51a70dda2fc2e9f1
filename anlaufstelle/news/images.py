"""Pictures of news items: checked, re-encoded without metadata and bounded in size.

No uploaded file is ever stored or served as it came. The upload is checked by content
(core/uploads.py), its pixel count is bounded before any pixel is decoded (a decompression
bomb is a small file that unpacks to gigabytes), the picture is turned upright by its EXIF
orientation, scaled down to at most `MAX_EDGE` pixels, and written anew as JPEG from the
pixels alone: EXIF (camera, GPS position, time), XMP, ICC and comments are not carried over.
See docs/decisions/0020-news-and-images.md.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from anlaufstelle.core.uploads import validate_image_upload

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is the largest a phone takes today
MAX_EDGE = 1600  # the longest edge stored: wide enough for a full-width picture on a large screen
QUALITY = 82


def reencode_picture(upload: Any) -> ContentFile[bytes]:
    """The upload as a fresh JPEG without any metadata; refuses what is not a safe image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    too_many = ValidationError(
        _("The picture has too many pixels (at most %(limit)s megapixels).") % {"limit": MAX_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own pixel limit and raises above twice that: both mean "too large".
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            validate_image_upload(upload)  # size and real type (PNG, JPEG, WebP)
            upload.seek(0)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:  # checked on the header, before any pixel is decoded
                    raise too_many
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise too_many from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(_("The picture could not be read. Please upload a PNG, JPEG or WebP image.")) from exc
    finally:
        upload.seek(0)
    if upright.mode in ("RGBA", "LA", "P"):
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    upright.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the original's info dictionary travels along.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
