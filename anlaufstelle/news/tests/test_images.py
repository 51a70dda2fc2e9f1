"""Uploaded pictures are re-encoded: no camera or GPS metadata survives, bombs and non-images are refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anlaufstelle.news.images import MAX_EDGE, reencode_picture
from anlaufstelle.news.tests.factories import jpeg_with_gps, picture_upload


def test_the_upload_carries_gps_and_camera_data_before() -> None:
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        exif = image.getexif()
        assert exif[0x0110] == "Phone 15 Pro"
        assert exif.get_ifd(0x8825)  # GPS


def test_gps_camera_and_comment_are_gone_after_reencoding() -> None:
    clean = reencode_picture(picture_upload())
    data = clean.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert "icc_profile" not in image.info
        assert "xmp" not in image.info
    assert b"PhoneMaker" not in data
    assert b"Phone 15 Pro" not in data
    assert b"DaZ-Tag" not in data


def test_a_large_picture_is_scaled_down_and_stored_under_a_generated_name() -> None:
    clean = reencode_picture(picture_upload(jpeg_with_gps((3200, 1600)), name="Familie Yilmaz.jpg"))
    with Image.open(clean) as image:
        assert max(image.size) == MAX_EDGE
        assert image.size == (MAX_EDGE, MAX_EDGE // 2)
    assert "Yilmaz" not in (clean.name or "")
    assert (clean.name or "").endswith(".jpg")


def test_a_transparent_png_becomes_a_jpeg_on_white() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, format="PNG")
    clean = reencode_picture(SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png"))
    with Image.open(clean) as image:
        assert image.mode == "RGB"
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_file_that_is_no_image_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as refused:
        reencode_picture(SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg"))
    assert "JPEG" in str(refused.value) and "WebP" in str(refused.value)


def test_a_truncated_jpeg_is_refused_with_a_clear_message() -> None:
    broken = jpeg_with_gps()[:600]
    with pytest.raises(ValidationError) as refused:
        reencode_picture(picture_upload(broken))
    assert "JPEG" in str(refused.value) and "WebP" in str(refused.value)


def test_too_many_pixels_are_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("anlaufstelle.news.images.MAX_PIXELS", 100 * 100)
    with pytest.raises(ValidationError) as refused:
        reencode_picture(picture_upload(jpeg_with_gps((200, 200))))
    assert "megapixels" in str(refused.value) or "Megapixel" in str(refused.value)


def test_a_decompression_bomb_is_refused() -> None:
    # A small PNG that claims 30,000 x 30,000 pixels (900 megapixels): Pillow's own limit trips first.
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 2_000_000
    with pytest.raises(ValidationError) as refused:
        reencode_picture(SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png"))
    assert "pixels" in str(refused.value) or "Pixel" in str(refused.value)


def test_an_oversized_file_is_refused_with_a_clear_message(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as refused:
        reencode_picture(picture_upload())
    assert "MB" in str(refused.value)


# --- Hostile uploads and responsive sizes ---------------------------------------------------


def test_a_polyglot_loses_whatever_rides_behind_the_picture() -> None:
    # A valid JPEG with an HTML page and a ZIP archive appended: browsers and unzip find them.
    payload = b"<html><script>alert(document.cookie)</script></html>PK\x03\x04evil.zip"
    clean = reencode_picture(picture_upload(jpeg_with_gps() + payload, name="innocent.jpg"))
    data = clean.read()
    assert b"<script>" not in data and b"PK\x03\x04" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("photo.jpg", b"<!DOCTYPE html><html><body>hi</body></html>"),
        (
            "photo.png",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        ),
    ],
    ids=["svg-as-jpg", "html-as-jpg", "gif-as-png"],
)
def test_a_wrong_extension_does_not_let_another_format_in(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        reencode_picture(SimpleUploadedFile(name, content, content_type="image/jpeg"))


def test_a_png_named_jpg_is_read_by_its_content_and_re_encoded() -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, format="PNG")
    clean = reencode_picture(SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg"))
    with Image.open(clean) as image:
        assert image.format == "JPEG" and image.size == (40, 30)


def test_responsive_sizes_are_webp_and_jpeg_without_metadata() -> None:
    from anlaufstelle.news.images import render_picture

    result = render_picture(picture_upload(jpeg_with_gps((2000, 1000))))
    assert (result.width, result.height) == (MAX_EDGE, MAX_EDGE // 2)
    assert sorted(result.variants) == [
        ("jpeg", 320),
        ("jpeg", 640),
        ("jpeg", 1280),
        ("webp", 320),
        ("webp", 640),
        ("webp", 1280),
        ("webp", 1600),
    ]
    for (fmt, width), content in result.variants.items():
        data = content.read()
        assert b"Phone 15 Pro" not in data and b"DaZ-Tag" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == {"jpeg": "JPEG", "webp": "WEBP"}[fmt]
            assert image.width == width
            assert not image.getexif()
    small_webp = len(result.variants[("webp", 320)].read())
    assert small_webp < len(result.main.read()) / 4  # a phone loads a fraction of the full picture


def test_a_small_picture_gets_no_sizes_wider_than_itself() -> None:
    from anlaufstelle.news.images import render_picture

    result = render_picture(picture_upload(jpeg_with_gps((500, 400))))
    assert sorted(result.variants) == [("jpeg", 320), ("webp", 320), ("webp", 500)]
