"""Files an attacker (or an ordinary phone) would upload, made in the test: PDFs built with
pikepdf, images whose header claims more pixels than the file holds, and a photo with EXIF."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

PAGE_TEXT = b"Huurcontract Jansen"


def plain_pdf(pages: int = 1) -> bytes:
    """A PDF with `pages` pages, the first one saying PAGE_TEXT."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(200, 200))
    first = pdf.pages[0].obj
    first.Contents = pdf.make_stream(b"BT /F1 12 Tf 20 100 Td (" + PAGE_TEXT + b") Tj ET")
    first.Resources = Dictionary(
        Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def hostile_pdf() -> bytes:
    """Two pages with everything a PDF can carry that acts or tells: JavaScript on opening and in
    the document's names, additional actions on the catalog and a page, a link that starts a
    program, a javascript: link, an attached and an embedded file, an XFA form, and the author
    in the Info dictionary and the XMP metadata. And one honest web link."""
    pdf = pikepdf.open(io.BytesIO(plain_pdf(pages=2)))
    pdf.Root.OpenAction = pdf.make_indirect(
        Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert('open')"))
    )
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert('dicht')")))
    embedded = pdf.make_stream(b"MZ embedded program")
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(
            Names=Array([String("start"), Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))])
        ),
        EmbeddedFiles=Dictionary(
            Names=Array(
                [
                    String("factuur.exe"),
                    Dictionary(
                        Type=Name.Filespec, F=String("factuur.exe"), EF=Dictionary(F=embedded)
                    ),
                ]
            )
        ),
    )
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp><script>evil()</script></xdp:xdp>")
    )
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("cmd.exe")))
    attached = pdf.make_stream(b"MZ attached program")

    def link(x: int, action: Dictionary) -> Dictionary:
        return pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[x, 0, x + 40, 40], A=action)
        )

    page.Annots = Array(
        [
            link(0, Dictionary(S=Name.URI, URI=String("https://example.org/advertentie"))),
            link(40, Dictionary(S=Name.Launch, F=String("calc.exe"))),
            link(80, Dictionary(S=Name.URI, URI=String("javascript:alert(1)"))),
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FileAttachment,
                    Rect=[0, 50, 40, 90],
                    FS=Dictionary(
                        Type=Name.Filespec, F=String("bijlage.exe"), EF=Dictionary(F=attached)
                    ),
                )
            ),
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Piet Verhuurder"]
    pdf.docinfo["/Author"] = "Piet Verhuurder"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(plain_pdf()))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="geheim", owner="geheim"))
    return out.getvalue()


def pages_and_first_content(content: bytes) -> tuple[int, bytes]:
    """How many pages the PDF has and what its first page draws (it opens, or this raises)."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages), pdf.pages[0].obj.Contents.read_bytes()


TELLING = [
    b"/OpenAction",
    b"/AA",
    b"/JavaScript",
    b"/JS",
    b"/EmbeddedFiles",
    b"/EF",
    b"/FileAttachment",
    b"/Launch",
    b"/XFA",
    b"/Metadata",
    b"javascript:",
]


def what_acts_or_tells(content: bytes) -> list[str]:
    """Every script, program, embedded file and piece of metadata left in the PDF: its Info
    dictionary, and each key or value of TELLING in any object as qpdf writes it out."""
    found = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if "/Info" in pdf.trailer:
            found.append("/Info")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                obj = obj.stream_dict
            if not isinstance(obj, Dictionary | Array):
                continue
            text = obj.unparse(resolved=True)
            found.extend(word.decode() for word in TELLING if word in text)
    return found


def huge_png(width: int, height: int) -> bytes:
    """A black-and-white PNG of width by height whose rows of zeros compress to almost nothing:
    13,000 by 13,000 (169 megapixels) takes about 20 KB. Made row by row, never held whole."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then one bit per pixel
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def huge_jpeg(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF) is changed to claim width by height pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def photo_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG as a phone writes it: camera, place (GPS) and orientation in its EXIF."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 53.0, 0.0)}  # GPSInfo
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90° clockwise
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def object_stream_bomb(unpacked: int) -> bytes:
    """A PDF of about a thousandth of `unpacked` bytes (a multiple of 1 MiB) whose one object
    stream unpacks to `unpacked` bytes: a string object that qpdf reads whole. The compressed
    MiB is made once and repeated (each block starts afresh after a full flush)."""
    chunk = b"A" * (1 << 20)
    packer = zlib.compressobj(9)
    head = b"5 0 ("
    first = packer.compress(head + chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = unpacked >> 20
    checksum = zlib.adler32(head + chunk)
    for _ in range(count - 1):
        checksum = zlib.adler32(chunk, checksum)
    checksum = zlib.adler32(b")", checksum)
    tail = packer.compress(b")") + packer.flush()
    # The packer saw two chunks; the real stream has `count`, so its checksum is our own.
    data = first + repeated * (count - 1) + tail[:-4] + struct.pack(">I", checksum)

    out = bytearray(b"%PDF-1.5\n")
    offsets: dict[int, int] = {}

    def obj(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    obj(1, b"<</Type/Catalog/Pages 2 0 R/X 5 0 R>>")
    obj(2, b"<</Type/Pages/Kids[3 0 R]/Count 1>>")
    obj(3, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Resources<<>>>>")
    obj(
        4,
        b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>\nstream\n" % len(data)
        + data
        + b"\nendstream",
    )
    offsets[6] = len(out)
    rows = b"\x00" + struct.pack(">IH", 0, 65535)
    rows += b"".join(b"\x01" + struct.pack(">IH", offsets[n], 0) for n in (1, 2, 3, 4))
    rows += b"\x02" + struct.pack(">IH", 4, 0)  # object 5: the first in object stream 4
    rows += b"\x01" + struct.pack(">IH", offsets[6], 0)
    out.extend(
        b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % len(rows)
        + rows
        + b"\nendstream\nendobj\n"
    )
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)
