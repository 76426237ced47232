"""The rewrite of an uploaded PDF, run in a process of its own (see goedwonen.core.pdfs).

A PDF can carry JavaScript, actions that run when it opens or when a page, field or link is
touched (start a program, submit a form, open a remote file), embedded files, XFA forms, and
metadata with the author's name in its Info dictionary and XMP streams. The file is read with
qpdf (pikepdf), everything of that kind is taken out, and a fresh file is written with only the
objects still in use: what was cut is not left behind as an unreferenced object.

What stays: the pages as they look, bookmarks, form fields with their values, and two kinds of
actions that do nothing by themselves: going to a place in the same document, and web or mail
links (http, https, mailto), which a viewer shows and asks about before it opens them; a link
in a landlord's letter is part of what the letter says.

`python -m goedwonen.core.pdf_rewrite MAX_PAGES` reads the PDF on standard input, writes the
rewritten one on standard output and exits 0, or exits with one of the codes below (the page
count on standard output for TOO_MANY_PAGES; qpdf's warnings go to standard error). No Django
here: the process starts in a fraction of a second.
"""

from __future__ import annotations

import io
import resource
import sys

import pikepdf

# Keys whose value scripts, acts, embeds or describes the author; dropped wherever they occur.
DROPPED_KEYS = {
    "/AA",  # additional actions: on open, close, print, page or field events
    "/OpenAction",
    "/JavaScript",  # the document-level scripts in the /Names dictionary
    "/JS",
    "/EmbeddedFiles",
    "/EF",  # the content of an embedded or attached file
    "/Collection",  # a portfolio of embedded files
    "/XFA",  # XML forms, with their own scripts
    "/Next",  # a chain of actions after an allowed one
    "/Metadata",  # XMP, on the document and on any page, image or font
    "/PieceInfo",  # private data of the program that made the file
}
ACTION_TYPES = {
    "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie",
    "/Hide", "/Named", "/SubmitForm", "/ResetForm", "/ImportData", "/SetOCGState", "/Rendition",
    "/Trans", "/GoTo3DView", "/JavaScript", "/RichMediaExecute",
}  # fmt: skip
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Annotations that play media or hold files; removed from their pages whole.
DROPPED_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Every object is read and written once, about 25 µs each: a file of many tiny objects would
# take seconds. A 500-page report with every paragraph tagged holds some tens of thousands.
MAX_OBJECTS = 100_000

# What the process may take. A file of a few hundred KB can hold an object that unpacks to
# gigabytes, which qpdf would read whole; past these the process is stopped (MemoryError, or
# SIGXCPU) and the file refused. The files people send take a fraction of either.
MEMORY_BYTES = 512 * 1024 * 1024
CPU_SECONDS = 10

# Exit codes of the process.
ENCRYPTED, BROKEN, EMPTY, TOO_MANY_PAGES, TOO_COMPLEX = 3, 4, 5, 6, 7


class Refused(Exception):
    def __init__(self, code: int, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def _is_action(value: object) -> bool:
    if not isinstance(value, pikepdf.Dictionary):
        return False
    # /S also names a structure element's type (/P, /H1): only a known action type counts.
    return value.get("/Type") == pikepdf.Name.Action or str(value.get("/S")) in ACTION_TYPES


def _is_harmless_action(action: pikepdf.Object) -> bool:
    kind = str(action.get("/S"))
    if kind == "/GoTo":
        return True
    if kind == "/URI":
        uri = action.get("/URI")
        return isinstance(uri, pikepdf.String) and str(uri).lower().startswith(LINK_SCHEMES)
    return False


def _nested(value: object) -> bool:
    """A dictionary or array written inside its parent (not a reference to an object)."""
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


def _kept_annotation(annotation: object) -> bool:
    return not (
        isinstance(annotation, pikepdf.Dictionary)
        and annotation.get("/Subtype") in DROPPED_ANNOTATIONS
    )


def _clean(container: pikepdf.Object) -> None:
    """Drop what acts or tells from a dictionary or array and the direct objects within it
    (indirect ones are cleaned on their own, as every object of the file is)."""
    if isinstance(container, pikepdf.Array):
        for item in container:
            if _nested(item):
                _clean(item)
        return
    for key in list(container.keys()):
        value = container[key]
        if key in DROPPED_KEYS or (_is_action(value) and not _is_harmless_action(value)):
            del container[key]
            continue
        if key == "/Annots" and isinstance(value, pikepdf.Array):
            kept = [a for a in value if _kept_annotation(a)]
            if len(kept) < len(value):
                container[key] = value = pikepdf.Array(kept)
        if _nested(value):
            _clean(value)


def rewrite(content: bytes, *, max_pages: int) -> bytes:
    """The PDF without scripts, actions (but for links), embedded files and metadata, written
    afresh. Raises Refused."""
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError:
        raise Refused(ENCRYPTED) from None
    except MemoryError:
        raise Refused(TOO_COMPLEX) from None
    except (pikepdf.PikepdfError, ValueError, TypeError, RuntimeError, RecursionError):
        raise Refused(BROKEN) from None
    with pdf:
        try:
            # The trailer's count is free to read; the list is checked too, for a damaged file
            # whose objects qpdf had to search for.
            if int(pdf.trailer.get("/Size", 0)) > MAX_OBJECTS:
                raise Refused(TOO_COMPLEX)
            pages = len(pdf.pages)
            if pages == 0:
                raise Refused(EMPTY)
            if pages > max_pages:
                raise Refused(TOO_MANY_PAGES, str(pages))
            objects = pdf.objects
            if len(objects) > MAX_OBJECTS:
                raise Refused(TOO_COMPLEX)
            for obj in objects:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    _clean(obj)
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            out = io.BytesIO()
            pdf.save(
                out,
                fix_metadata_version=False,
                # Stream data is copied, never decoded.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                # Restrictions without a password (printing, copying) go with the rest.
                encryption=False,
            )
        except MemoryError:
            raise Refused(TOO_COMPLEX) from None
        except (pikepdf.PikepdfError, ValueError, TypeError, RuntimeError, RecursionError):
            raise Refused(BROKEN) from None
    return out.getvalue()


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    content = sys.stdin.buffer.read()
    try:
        result = rewrite(content, max_pages=int(sys.argv[1]))
    except Refused as refused:
        sys.stdout.write(refused.detail)
        sys.exit(refused.code)
    sys.stdout.buffer.write(result)


if __name__ == "__main__":
    main()
