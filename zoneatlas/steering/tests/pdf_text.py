"""Just enough of PDF to read back the text WeasyPrint wrote, for tests (no PDF library is installed).

WeasyPrint writes compressed object streams and one Type 0 font per face, each with a ToUnicode CMap that maps the
glyph codes of the content streams back to characters. This reads every object (also those packed in object
streams), the CMaps of the fonts, and the text operators (Tf, Tj, TJ) of the content streams; the text of each
operator is decoded with the CMap of the font in use. Whitespace between runs is not reconstructed.
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
REFERENCE = re.compile(rb"/([\w.+-]+) (\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Every object: its dictionary text and its decompressed stream (None when it has none)."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for number, body in OBJECT.findall(pdf):
        match = STREAM.search(body)
        data = None
        if match:
            data = match.group(1)
            if b"FlateDecode" in body[: match.start()]:
                data = zlib.decompress(data)
        objects[int(number)] = (body[: match.start()] if match else body, data)
    for head, data in list(objects.values()):
        if data is not None and b"/ObjStm" in head:
            count = int(re.search(rb"/N (\d+)", head).group(1))  # type: ignore[union-attr]
            first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
            numbers = [int(n) for n in data[:first].split()]
            pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))[:count]
            for index, (number, offset) in enumerate(pairs):
                end = first + pairs[index + 1][1] if index + 1 < len(pairs) else len(data)
                objects.setdefault(number, (data[first + offset : end], None))
    return objects


def _cmap(data: bytes) -> tuple[dict[int, str], int]:
    mapping: dict[int, str] = {}
    width = 2
    space = re.search(rb"begincodespacerange\s*<([0-9a-fA-F]+)>", data)
    if space:
        width = len(space.group(1)) // 2
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int.from_bytes(bytes.fromhex(text.decode()), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping, width


def _decode(hex_or_literal: bytes, cmap: tuple[dict[int, str], int]) -> str:
    mapping, width = cmap
    raw = bytes.fromhex(hex_or_literal.decode()) if re.fullmatch(rb"[0-9a-fA-F\s]*", hex_or_literal) else hex_or_literal
    codes = [int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width)]
    return "".join(mapping.get(code, "\ufffd") for code in codes)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in drawing order."""
    objects = _objects(pdf)
    cmaps: dict[int, tuple[dict[int, str], int]] = {}
    for number, (head, _data) in objects.items():
        match = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if match and b"/Font" in head:
            cmaps[number] = _cmap(objects[int(match.group(1))][1] or b"")
    fonts: dict[bytes, tuple[dict[int, str], int]] = {}
    for head, _data in objects.values():  # resource dictionaries name the fonts: /XKQQSR 55 0 R
        for name, number in REFERENCE.findall(head):
            if int(number) in cmaps:
                fonts[name] = cmaps[int(number)]
    parts: list[str] = []
    for _head, data in objects.values():
        if data is None or b"Tf" not in data:
            continue
        font: tuple[dict[int, str], int] = ({}, 2)
        for token in re.finditer(rb"/([\w.+-]+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj", data, re.S):
            if token.group(1):
                font = fonts.get(token.group(1), ({}, 2))
            elif token.group(2) is not None:
                parts.extend(_decode(piece, font) for piece in re.findall(rb"<([0-9a-fA-F]*)>", token.group(2)))
            else:
                parts.append(_decode(token.group(3), font))
    return "".join(parts)
