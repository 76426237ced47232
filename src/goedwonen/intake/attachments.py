"""Files that people upload (a reporter's attachments, a case's documents): type checked by
content (not by name) and size limited; images re-encoded without their metadata (location,
camera, time) and refused above a size in pixels before they are decoded; PDFs rewritten
without scripts, actions and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext

from goedwonen.core.images import FORMATS, image_without_metadata
from goedwonen.core.pdfs import pdf_rewritten

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
# The extensions a download may keep; any other gets the one of its content.
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}


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


def _too_large(name: str) -> str:
    # In the public reporter's language (intake/talen.py); Dutch everywhere else.
    return gettext("{name}: groter dan 10 MB.").format(name=name)


def check_attachment(upload: UploadedFile) -> CheckedFile:
    name = (upload.name or "bijlage")[:200]
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_too_large(name), code="too_large")
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError(_too_large(name), code="too_large")
    content_type = _sniff(content[:16])
    if content_type is None:
        raise ValidationError(
            gettext("{name}: alleen foto's (JPEG, PNG) en PDF-bestanden zijn toegestaan.").format(
                name=name
            ),
            code="type",
        )
    if content_type == "application/pdf":
        content = pdf_rewritten(content, name=name)
    else:
        content = image_without_metadata(content, content_type, name=name)
    return CheckedFile(content, content_type, ALLOWED[content_type], name)


def stored_file_response(
    bestand: File, *, original_name: str, content_type: str, inline: bool = False
) -> FileResponse:
    """A stored upload back to a signed-in user: never as anything but the type its content
    was checked to be (only PDF, JPEG and PNG are stored), never sniffed into another, never
    kept in a cache. `inline`: shown in the browser (photos); otherwise a download."""
    name = PurePath(original_name).name or "bestand"
    if PurePath(name).suffix.lower() not in EXTENSIONS.get(content_type, set()):
        name += ALLOWED.get(content_type, "")
    response = FileResponse(
        bestand.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=content_type if content_type in ALLOWED else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def check_photo(upload: UploadedFile) -> CheckedFile:
    """A photo (JPEG or PNG) only, checked and without its metadata as every upload."""
    name = (upload.name or "foto")[:200]
    head = upload.read(16)
    upload.seek(0)
    if _sniff(head) not in FORMATS:
        raise ValidationError(f"{name}: alleen foto's (JPEG, PNG) zijn toegestaan.", code="type")
    return check_attachment(upload)
