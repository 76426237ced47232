"""HTML to PDF with WeasyPrint.

WeasyPrint loads the system's Pango library when it is imported, so it is imported here, on
first use, and not when Django starts: a machine without Pango runs everything but letters
(`scripts/ensure-pango.sh` installs Pango where it can).
"""

from __future__ import annotations


class PdfNietBeschikbaar(RuntimeError):
    """WeasyPrint or the system library it needs (Pango) is missing."""


INSTALL_HINT = "installeer Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page. Nothing is fetched: no file, no network (a letter
    carries its styles inline; a URL in a typed paragraph stays text anyway)."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PdfNietBeschikbaar(
            f"Brieven kunnen op deze server niet als PDF worden gemaakt ({INSTALL_HINT})."
        ) from error
    nothing_allowed = URLFetcher(allowed_protocols=())
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=nothing_allowed).write_pdf()
    return pdf
