"""Attachments from reporters: type checked by content (not by name), size limited, images
re-encoded without their metadata (location, camera, time)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    original_name: str


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _without_metadata(content: bytes, content_type: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            # A fresh image with only the pixels: EXIF, GPS, XMP and comments stay behind.
            pixels = image.convert("RGB") if content_type == "image/jpeg" else image.convert("RGBA")
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
            out = io.BytesIO()
            clean.save(out, format="JPEG" if content_type == "image/jpeg" else "PNG", quality=90)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError("De afbeelding is beschadigd of te groot.", code="invalid") from None
    return out.getvalue()


def check_attachment(upload: UploadedFile) -> CheckedFile:
    name = (upload.name or "bijlage")[:200]
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(f"{name}: groter dan 10 MB.", code="too_large")
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError(f"{name}: groter dan 10 MB.", code="too_large")
    content_type = _sniff(content[:16])
    if content_type is None:
        raise ValidationError(
            f"{name}: alleen foto's (JPEG, PNG) en PDF-bestanden zijn toegestaan.", code="type"
        )
    if content_type != "application/pdf":
        content = _without_metadata(content, content_type)
    return CheckedFile(content, content_type, ALLOWED[content_type], name)
