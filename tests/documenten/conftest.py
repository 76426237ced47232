"""Files a user could upload to the shared scenario's case (tests/scenario.py)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.crafted_files import plain_pdf

# A one-page PDF, as the upload check reads and rewrites it.
PDF = plain_pdf()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_location() -> bytes:
    """A photo with EXIF metadata (camera make and a GPS block), as phones write them."""
    from PIL import Image

    image = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 53.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()
