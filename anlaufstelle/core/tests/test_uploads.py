"""Image uploads checked by content: a decompression bomb is refused with a message, never a 500."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from anlaufstelle.core.uploads import validate_image_upload

pytestmark = pytest.mark.security


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0")) + _chunk(b"IEND", b"")


def test_a_picture_claiming_a_billion_pixels_is_refused_with_a_message() -> None:
    upload = SimpleUploadedFile("logo.png", png_claiming(40_000, 40_000), content_type="image/png")
    with pytest.raises(ValidationError):
        validate_image_upload(upload)


def test_a_file_that_is_no_picture_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_image_upload(SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png"))
