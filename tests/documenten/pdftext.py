"""The text of a PDF that WeasyPrint wrote, read with the standard library only: inflate the
streams, unpack the object streams, read each font's ToUnicode map, and decode the page
content's text operators in the font each one uses.
Enough for WeasyPrint's output (Type 0 fonts, two-byte glyph codes); not a general reader.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S)
_REF = r"(\d+) 0 R"
_TEXT_OPS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj")


def _streams(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Every stream object: number -> (its dictionary, its data, inflated)."""
    found = {}
    for match in _STREAM.finditer(pdf):
        head = match.group(2)
        length = re.search(rb"/Length (\d+)", head)
        assert length is not None, "a stream without a direct /Length"
        data = pdf[match.end() : match.end() + int(length.group(1))]
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        found[int(match.group(1))] = (head, data)
    return found


def _objects(pdf: bytes, streams: dict[int, tuple[bytes, bytes]]) -> dict[int, bytes]:
    """The bodies of all objects, those packed in object streams included."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}
    for head, data in streams.values():
        if b"/ObjStm" not in head:
            continue
        first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
        pairs = [int(x) for x in data[:first].split()]
        numbers, offsets = pairs[0::2], [*pairs[1::2], len(data) - first]
        for i, number in enumerate(numbers):
            objects[number] = data[first + offsets[i] : first + offsets[i + 1]]
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be")

    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = text(uni)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, uni in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = ord(text(uni))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The document's text, one line per text run."""
    streams = _streams(pdf)
    objects = _objects(pdf, streams)
    to_unicode = {}
    for number, body in objects.items():
        if (ref := re.search(rb"/ToUnicode " + _REF.encode(), body)) is not None:
            to_unicode[number] = _cmap(streams[int(ref.group(1))][1])
    # A page's font resources name each font (a dictionary of its own or inline): any
    # "/Name n 0 R" whose object is a font with a ToUnicode map.
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/([^\s/\[\]<>()]+)\s+" + _REF.encode(), body):
            if int(number) in to_unicode:
                fonts[name] = to_unicode[int(number)]
    lines = []
    for head, data in streams.values():
        if b"/ObjStm" in head or b"BT" not in data:
            continue
        font: dict[int, str] = {}
        for name, array, single in _TEXT_OPS.findall(data):
            if name:
                font = fonts.get(name, {})
                continue
            hexes = re.findall(rb"<([0-9a-fA-F]+)>", array) if array else [single]
            codes = [int(h[i : i + 4], 16) for h in hexes for i in range(0, len(h), 4)]
            lines.append("".join(font.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)
