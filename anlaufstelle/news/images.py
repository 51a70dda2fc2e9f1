"""Pictures of news items: checked, re-encoded without metadata and bounded in size.

No uploaded file is ever stored or served as it came. The upload is checked by content
(core/uploads.py), its pixel count is bounded before any pixel is decoded (a decompression
bomb is a small file that unpacks to gigabytes), the picture is turned upright by its EXIF
orientation, scaled down to at most `MAX_EDGE` pixels, and written anew as JPEG from the
pixels alone: EXIF (camera, GPS position, time), XMP, ICC and comments are not carried over.
See docs/decisions/0020-news-and-images.md.
"""

from __future__ import annotations

import contextlib
import io
import threading
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from anlaufstelle.core.uploads import validate_image_upload

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is the largest a phone takes today
MAX_EDGE = 1600  # the longest edge stored: wide enough for a full-width picture on a large screen
QUALITY = 82


# Responsive sizes (srcset): narrower copies for phones, each as WebP and, for browsers without
# WebP, as JPEG. The full-size JPEG (MAX_EDGE) is the fallback `src` and the photo's own page.
WIDTHS = (320, 640, 1280)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}


@dataclass
class Renditions:
    """A re-encoded picture: the full-size JPEG and its narrower WebP and JPEG copies."""

    main: ContentFile[bytes]
    width: int
    height: int
    # (format, width) -> file; format is a key of FORMATS; the widest WebP has the main's width.
    variants: dict[tuple[str, int], ContentFile[bytes]] = field(default_factory=dict)


def _encode(image: Any, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        image.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, format="WEBP", quality=QUALITY - 4, method=4)
    return out.getvalue()


def render_picture(upload: Any) -> Renditions:
    """Re-encode the upload (see `reencode_picture`) and add the responsive sizes."""
    from PIL import Image

    clean = _clean_image(upload)
    main = ContentFile(_encode(clean, "jpeg"), name=f"{uuid.uuid4().hex}.jpg")
    result = Renditions(main=main, width=clean.width, height=clean.height)
    for width in (*[w for w in WIDTHS if w < clean.width], clean.width):
        height = max(1, round(clean.height * width / clean.width))
        resized = clean if width == clean.width else clean.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in FORMATS:
            if fmt == "jpeg" and width == clean.width:
                continue  # that is the main file
            suffix = "jpg" if fmt == "jpeg" else fmt
            result.variants[(fmt, width)] = ContentFile(
                _encode(resized, fmt), name=f"{uuid.uuid4().hex}-{width}.{suffix}"
            )
    return result


def _too_many() -> ValidationError:
    return ValidationError(
        _("The picture has too many pixels (at most %(limit)s megapixels).") % {"limit": MAX_PIXELS // 1_000_000}
    )


def check_picture(upload: Any) -> None:
    """The cheap check of the request: size, real type and pixel count from the header only (no
    pixel is decoded). The background job re-encodes and finds what only decoding reveals."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            validate_image_upload(upload)
            upload.seek(0)
            with Image.open(upload) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _too_many() from exc
    finally:
        upload.seek(0)
    if width * height > MAX_PIXELS:
        raise _too_many()


def reencode_picture(upload: Any) -> ContentFile[bytes]:
    """The upload as a fresh JPEG without any metadata; refuses what is not a safe image."""
    clean = _clean_image(upload)
    return ContentFile(_encode(clean, "jpeg"), name=f"{uuid.uuid4().hex}.jpg")


_DECODING = threading.Lock()


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with Pillow's truncated-image tolerance off: WeasyPrint switches it on for the whole
    process when imported (`ImageFile.LOAD_TRUNCATED_IMAGES = True`), and then a half-uploaded
    JPEG would decode as grey without an error."""
    from PIL import ImageFile

    with _DECODING:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _clean_image(upload: Any) -> Any:
    """The upload's pixels, upright, in RGB, at most MAX_EDGE wide, without any metadata."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    too_many = _too_many()
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
                with _strict_decoding():
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
    return clean
