"""Files that people upload (a reporter's attachments, a case's documents): type checked by
content (not by name) and size limited; images re-encoded without their metadata (location,
camera, time) and refused above a size in pixels before they are decoded; PDFs rewritten
without scripts, actions and metadata."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from goedwonen.core.images import image_without_metadata
from goedwonen.core.pdfs import pdf_rewritten

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
    if content_type == "application/pdf":
        content = pdf_rewritten(content, name=name)
    else:
        content = image_without_metadata(content, content_type, name=name)
    return CheckedFile(content, content_type, ALLOWED[content_type], name)
