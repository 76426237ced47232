"""PDF files that people upload, rewritten without scripts, actions and metadata.

The rewrite itself (goedwonen.core.pdf_rewrite) runs in a process of its own with a memory and
CPU limit: qpdf reads what the file says, and a PDF of a few hundred KB can say gigabytes. A
file the process could not finish within its limits is refused like one it could not read; a
web process never holds more of a PDF than its bytes.

Refused, with a message that says why: a file that cannot be read, one that needs a password to
open, one without pages, and one with more pages than `settings.UPLOAD_MAX_PDF_PAGES` or more
objects than can be checked. The size of the file is capped where the upload is read.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from django.conf import settings
from django.core.exceptions import ValidationError

from . import pdf_rewrite

logger = logging.getLogger(__name__)

# Wall-clock time for the process; its CPU limit stops it before this unless the machine is busy.
TIMEOUT_SECONDS = 30


def pdf_rewritten(content: bytes, *, name: str) -> bytes:
    """The PDF without scripts, actions (but for links), embedded files and metadata, written
    afresh; refused (ValidationError) when it cannot be read, needs a password, has no pages
    or is too large to check."""
    max_pages = settings.UPLOAD_MAX_PDF_PAGES
    try:
        done = subprocess.run(  # noqa: S603 (our own module, no shell, no user input in argv)
            [sys.executable, "-I", "-m", pdf_rewrite.__name__, str(max_pages)],
            input=content,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        returncode, out, errors = pdf_rewrite.TOO_COMPLEX, b"", ""
    else:
        returncode, out = done.returncode, done.stdout
        errors = done.stderr.decode("utf-8", "replace")
    if returncode == 0:
        return out
    if returncode == pdf_rewrite.ENCRYPTED:
        message = "is beveiligd met een wachtwoord. Voeg een versie zonder wachtwoord toe."
    elif returncode == pdf_rewrite.BROKEN:
        message = (
            "is beschadigd en kan niet worden gelezen. Sla het opnieuw op als PDF en probeer "
            "het nog eens."
        )
    elif returncode == pdf_rewrite.EMPTY:
        message = "heeft geen pagina's."
    elif returncode == pdf_rewrite.TOO_MANY_PAGES:
        pages = out.decode("ascii", "replace")
        message = f"heeft {pages} pagina's; ten hoogste {max_pages} pagina's zijn toegestaan."
    else:
        if returncode != pdf_rewrite.TOO_COMPLEX:
            # Stopped at its memory or CPU limit (or failed in a way we did not foresee).
            logger.warning(
                "PDF rewrite of an upload stopped (exit %s): %s", returncode, errors[-500:]
            )
        message = (
            "is te groot of te ingewikkeld om te controleren. Druk het af als PDF, of voeg het "
            "in delen toe."
        )
    raise ValidationError(f"{name}: het PDF-bestand {message}", code="pdf")
