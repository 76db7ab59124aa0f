"""The certificate drawn fast: a background laid out once, the holder's text stamped on it.

A certificate's layout is fixed; only the slots (`data-slot` spans in
templates/certificates/pdf/certificate.html) change. Once per process (and per template,
site address and language) WeasyPrint lays the page out with placeholder text in the slots,
hidden: that gives the drawing of everything fixed (border, headings, labels, footer) and
where each slot's text starts, in which font, size and colour. A certificate is then its
own small PDF written here: that drawing, the slots' text set with HarfBuzz (the shaper
Pango uses, so the same glyphs and advances), and the QR code as a 1-bit image. Its fonts
are subsets made for this file holding the fixed glyphs and the holder's; their codes are
the glyphs' CIDs, which the subsets keep, so the background's text needs no rewriting.
A font only the fixed text uses and no slot could (the Uyghur line under the heading, set
in Noto Naskh Arabic, a TrueType face whose glyphs Pango picks by context) is carried from
the background's PDF into each certificate unchanged, objects copied byte for byte.

`stamp()` returns None whenever the page could differ from WeasyPrint's — a text that
would wrap (other than the issuing authority, up to two lines of ideographs), a character
the font lacks, a long-field density class, a revoked certificate — and the caller lets
WeasyPrint draw that one. See docs/adr/0033-certificate-drawing.md.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from certificates import fonts

log = logging.getLogger(__name__)

PX = 0.75  # CSS px to PDF points
EPSILON = 0.5  # px: a text this close to its box's edge is left to WeasyPrint
IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Slot:
    name: str
    font: str  # the resource name of its font on the page
    size: float  # px
    color: tuple[float, float, float]
    x: float  # px: left edge (start), centre (middle) or right edge (end)
    baseline: float  # px from the top of the page
    anchor: str  # start | middle | end
    room: float  # px available on a line
    lines: int  # most lines it may take (only the issuing authority wraps)
    pitch: float  # px between its lines


@dataclass
class PageFont:
    name: str
    face: fonts.Face
    gids: frozenset[int]  # glyphs the background draws
    unicode: dict[int, str]


@dataclass
class Background:
    width: float  # pt
    height: float
    boxes: bytes  # /MediaBox … entries of the page
    resources: bytes  # the page's resources other than fonts and images
    content: bytes  # the background's drawing, compressed, inside q … Q
    producer: str
    fonts: dict[str, PageFont]  # fonts the slots may use: subset again for each certificate
    carried: dict[str, int]  # fonts only the fixed text uses: resource name → object number
    carried_objects: list[bytes]  # their objects, copied unchanged, numbered from CARRIED
    slots: dict[str, Slot]
    qr: tuple[float, float, float, float]  # x, y, width, height in pt (PDF space)


_lock = threading.Lock()
_backgrounds: dict[tuple[str, ...], Background | None] = {}


def background(key: tuple[str, ...], html: Callable[[], str]) -> Background | None:
    """The background for `key`, laid out from `html()` on first use; None when this
    page cannot be stamped (a library missing, an unexpected drawing)."""
    with _lock:
        if key not in _backgrounds:
            built = None
            if fonts.available():
                try:
                    built = _build(html())
                except Exception:  # a font or library missing: every page is laid out whole
                    log.exception("certificate background could not be drawn")
            if built is None:
                log.warning("certificates are laid out whole: no background for %s", key[1:])
            _backgrounds[key] = built
        return _backgrounds[key]


# --- laying the background out (once) ----------------------------------------------------


def _walk(box: Any, container: Any) -> Iterator[tuple[Any, Any]]:
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    if isinstance(box, boxes.BlockContainerBox):
        container = box
    yield box, container
    for child in getattr(box, "children", ()):
        yield from _walk(child, container)


def _rgb(color: Any) -> tuple[float, float, float]:
    red, green, blue = tuple(color.to("srgb").coordinates)[:3]
    return (float(red), float(green), float(blue))


def _build(html: str) -> Background | None:
    # Imported here: only the first certificate of a process needs WeasyPrint and pypdf.
    import io

    import pypdf
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    document = HTML(
        string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=("data",))
    ).render()
    if len(document.pages) != 1:
        return None
    found: list[tuple[Any, Any, Any]] = []  # (span, its first text box, container)
    seen: set[str] = set()
    qr_box = None
    faces: set[tuple[str, bool]] = set()
    for box, container in _walk(document.pages[0]._page_box, None):
        element = getattr(box, "element", None)
        if box.element_tag == "img":
            qr_box = box
        if type(box).__name__ == "TextBox":
            faces.add((box.style["font_family"][0], box.style["font_weight"] >= 600))
        if element is None or box.element_tag != "span" or not element.get("data-slot"):
            continue
        texts = [child for child in box.children if type(child).__name__ == "TextBox"]
        if texts and element.get("data-slot") not in seen:
            seen.add(element.get("data-slot"))
            found.append((box, texts[0], container))
    if qr_box is None or not found:
        return None
    data = document.write_pdf()
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    height = float(page.mediabox.height)
    found_fonts = _page_fonts(page, {name: fonts.face(*name) for name in faces})
    if found_fonts is None:
        return None
    page_fonts, carried_refs = found_fonts
    carried, carried_objects = _carry(carried_refs)
    by_face = {id(font.face): font.name for font in page_fonts.values()}
    slots: dict[str, Slot] = {}
    for n, (span, text, container) in enumerate(found):
        style = text.style
        if style["letter_spacing"] != "normal" or style["word_spacing"] != 0:
            return None
        face = fonts.face(style["font_family"][0], style["font_weight"] >= 600)
        name = by_face.get(id(face))
        if name is None:
            name = f"Z{len(page_fonts)}"
            page_fonts[name] = PageFont(name, face, frozenset(), {})
            by_face[id(face)] = name
        anchor = span.element.get("data-anchor") or (
            "middle" if container.style["text_align_all"] == "center" else "start"
        )
        left, room = container.content_box_x(), container.width
        x = {"start": text.position_x, "middle": left + room / 2}.get(
            anchor, text.position_x + text.width
        )
        baseline = text.position_y + text.baseline
        lines = int(span.element.get("data-lines") or 1)
        pitch = 0.0
        if lines > 1:  # the next slot of the same box is on the following line
            following = found[n + 1] if n + 1 < len(found) else None
            if following is None or following[2] is not container:
                return None
            pitch = following[1].position_y + following[1].baseline - baseline
        if anchor == "start":
            room = left + container.width - text.position_x
        elif anchor == "end":  # a box set against the right: its text may reach halfway
            room = x / 2
        slots[span.element.get("data-slot")] = Slot(
            span.element.get("data-slot"),
            name,
            style["font_size"],
            _rgb(style["color"]),
            x,
            baseline,
            anchor,
            room,
            lines,
            pitch,
        )
    resources: Any = page["/Resources"].get_object()
    drawing = page.get_contents()
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    if drawing is None or resources.get("/XObject"):  # an image or form: not expected
        return None
    extra = []
    for key, value in resources.items():
        if key != "/Font":
            extra.append(f"{key} ".encode() + _serialize(_direct(value)))
    boxes = b"".join(
        f"{key} ".encode() + _serialize(_direct(page[key]))
        for key in ("/MediaBox", "/TrimBox", "/BleedBox")
        if key in page
    )
    x, y = qr_box.content_box_x(), qr_box.content_box_y()
    return Background(
        width=float(page.mediabox.width),
        height=height,
        boxes=boxes,
        resources=b"".join(extra),
        content=zlib.compress(b"q\n" + drawing.get_data() + b"\nQ\n"),
        producer=str(info.producer or "") if info else "",
        fonts=page_fonts,
        carried=carried,
        carried_objects=carried_objects,
        slots=slots,
        qr=(x * PX, height - (y + qr_box.height) * PX, qr_box.width * PX, qr_box.height * PX),
    )


CMAP_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def _page_fonts(
    page: Any, candidates: dict[tuple[str, bool], fonts.Face]
) -> tuple[dict[str, PageFont], dict[str, Any]] | None:
    """The background's fonts, each matched to the face it was cut from: every glyph it
    draws must be the one that face's cmap gives its character. A font no face matches
    (a TrueType face such as Noto Naskh Arabic, or glyphs chosen by context as Arabic
    letters are) is returned apart, to be carried into every certificate unchanged: the
    slots never draw with it (their text is set only in matched or fresh faces)."""
    result: dict[str, PageFont] = {}
    carried: dict[str, Any] = {}
    for name, ref in page["/Resources"].get("/Font", {}).items():
        font = ref.get_object()
        if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
            carried[name.lstrip("/")] = ref
            continue
        unicode = {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in CMAP_PAIR.findall(font["/ToUnicode"].get_object().get_data())
        }
        # Weights share glyph ids, so the embedded program's PostScript name tells them apart.
        descendant = font["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"].get_object().get("/FontFile3")
        name_table = fonts.sfnt_table(program.get_object().get_data(), b"name") if program else b""
        embedded = fonts.postscript_name(name_table) if name_table else ""
        face = next(
            (
                face
                for face in candidates.values()
                if face.postscript == embedded
                and all(face.glyph_of(t) == g for g, t in unicode.items() if len(t) == 1)
            ),
            None,
        )
        if face is None or not unicode:
            carried[name.lstrip("/")] = ref
            continue
        clean = name.lstrip("/")
        result[clean] = PageFont(clean, face, frozenset(unicode), unicode)
    return result, carried


CARRIED = 8  # the first object number of the carried fonts in a stamped PDF


def _carry(refs: dict[str, Any]) -> tuple[dict[str, int], list[bytes]]:
    """The carried fonts' objects (font, descendant, descriptor, program, ToUnicode …) as
    they are in the background's PDF, renumbered from CARRIED: written once here, copied
    byte for byte into each certificate."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    numbers: dict[int, int] = {}
    order: list[Any] = []

    def number(value: Any) -> int:
        if not isinstance(value, IndirectObject):  # a direct font dictionary
            order.append(value)
            return CARRIED + len(order) - 1
        if value.idnum not in numbers:
            numbers[value.idnum] = CARRIED + len(order)
            order.append(value.get_object())
        return numbers[value.idnum]

    def copy(value: Any) -> Any:
        if isinstance(value, IndirectObject):
            return IndirectObject(number(value), 0, None)
        if isinstance(value, DictionaryObject):
            return DictionaryObject({k: copy(v) for k, v in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject(copy(v) for v in value)
        return value

    names = {name: number(ref) for name, ref in refs.items()}
    objects: list[bytes] = []
    while len(objects) < len(order):  # copying an object may append those it refers to
        value = order[len(objects)]
        if isinstance(value, StreamObject):
            entries = b" ".join(
                f"{key} ".encode() + _serialize(copy(item))
                for key, item in value.items()
                if key != "/Length"
            )
            objects.append(pdf_stream(entries, value._data))
        else:
            objects.append(_serialize(copy(value)))
    return names, objects


def _direct(value: Any) -> Any:
    """A pypdf value with every indirect reference replaced by its object (no streams)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, StreamObject):
        raise ValueError("a stream in the background's resources")
    if isinstance(value, DictionaryObject):
        return DictionaryObject({k: _direct(v) for k, v in value.items()})
    if isinstance(value, ArrayObject):
        return ArrayObject(_direct(v) for v in value)
    return value


def _serialize(value: Any) -> bytes:
    import io

    out = io.BytesIO()
    value.write_to_stream(out)
    return out.getvalue()


# --- setting the slots' text -------------------------------------------------------------


@dataclass
class Line:
    slot: Slot
    glyphs: list[fonts.Glyph]
    x: float  # px
    baseline: float  # px


def _printable(text: str) -> bool:
    return all(unicodedata.category(c)[0] not in "CMZ" or c == " " for c in text)


def _width(glyphs: list[fonts.Glyph], slot: Slot, upem: int) -> float:
    return sum(g.advance for g in glyphs) * slot.size / upem


def _wrap(
    glyphs: list[fonts.Glyph], text: str, slot: Slot, upem: int
) -> list[list[fonts.Glyph]] | None:
    """Lines as Pango breaks them, for a text of ideographs only (a break between any two,
    each line as full as it can be); None for any other text or when a break is too close
    to call."""
    if not IDEOGRAPHS.fullmatch(text) or len(glyphs) != len(text):
        return None
    lines: list[list[fonts.Glyph]] = [[]]
    used = 0.0
    for glyph in glyphs:
        step = glyph.advance * slot.size / upem
        if abs(used + step - slot.room) < EPSILON:
            return None
        if used + step > slot.room and lines[-1]:
            lines.append([])
            used = 0.0
        lines[-1].append(glyph)
        used += step
    return lines


def set_text(page: Background, texts: dict[str, str]) -> list[Line] | None:
    """Every slot's lines, placed; None when any would not look as WeasyPrint draws it."""
    placed: list[Line] = []
    shift = 0.0  # extra lines taken by a wrapping slot move the next one in its box down
    previous: Slot | None = None
    for name, slot in page.slots.items():
        text = COLLAPSIBLE.sub(" ", texts.get(name, "")).strip(" ")
        if previous is None or previous.pitch == 0:
            shift = 0.0
        previous = slot
        if not text:
            continue
        if not _printable(text):
            return None
        face = page.fonts[slot.font].face
        glyphs = face.shape(text)
        if glyphs is None:
            return None
        width = _width(glyphs, slot, face.upem)
        if width <= slot.room - EPSILON:
            lines = [glyphs]
        elif slot.lines > 1:
            wrapped = _wrap(glyphs, text, slot, face.upem)
            if wrapped is None or len(wrapped) > slot.lines:
                return None
            lines = wrapped
        else:
            return None
        for n, line in enumerate(lines):
            width = _width(line, slot, face.upem)
            x = {"start": slot.x, "middle": slot.x - width / 2}.get(slot.anchor, slot.x - width)
            placed.append(Line(slot, line, x, slot.baseline + shift + n * slot.pitch))
        shift += (len(lines) - 1) * slot.pitch
    return placed


# --- writing the PDF ---------------------------------------------------------------------


def pdf_number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _text_string(text: str) -> bytes:
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def pdf_stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def glyph_run(glyphs: list[fonts.Glyph], upem: int) -> str:
    """The operand of `TJ` for shaped glyphs (codes are glyph ids, Identity-H), moving the
    pen by each glyph's shaped advance where it differs from its width (kerning)."""
    runs: list[str] = []
    hexes: list[str] = []
    for glyph in glyphs:
        hexes.append(f"{glyph.gid:04x}")
        if glyph.advance != glyph.width:  # kerned: move by the shaped advance
            runs.append(f"<{''.join(hexes)}>")
            runs.append(pdf_number((glyph.width - glyph.advance) * 1000 / upem))
            hexes = []
    if hexes:
        runs.append(f"<{''.join(hexes)}>")
    return f"[{' '.join(runs)}]"


def _overlay(page: Background, lines: list[Line]) -> bytes:
    ops = []
    for line in lines:
        slot = line.slot
        face = page.fonts[slot.font].face
        size = slot.size * PX
        red, green, blue = slot.color
        ops.append(
            f"BT /{slot.font} {pdf_number(size)} Tf {pdf_number(red)} {pdf_number(green)} {pdf_number(blue)} rg "
            f"1 0 0 1 {pdf_number(line.x * PX)} {pdf_number(page.height - line.baseline * PX)} Tm "
            f"{glyph_run(line.glyphs, face.upem)} TJ ET"
        )
    x, y, w, h = page.qr
    ops.append(f"q {pdf_number(w)} 0 0 {pdf_number(h)} {pdf_number(x)} {pdf_number(y)} cm /QR Do Q")
    return zlib.compress("\n".join(ops).encode())


def qr_image(matrix: Any, scale: int = 10, border: int = 2) -> tuple[int, bytes]:
    """A 1-bit image of a QR matrix (1 = dark module), `scale` pixels per module, with a
    quiet zone of `border` modules: the same pixels as segno's PNG at those settings."""
    size = len(matrix) + 2 * border
    blank = "1" * (size * scale)
    rows: list[bytes] = []
    pad = (-size * scale) % 8
    for r in range(size):
        m = r - border
        if 0 <= m < len(matrix):
            bits = "".join(
                ("0" if 0 <= c - border < len(matrix) and matrix[m][c - border] else "1") * scale
                for c in range(size)
            )
        else:
            bits = blank
        row = int(bits + "0" * pad, 2).to_bytes((len(bits) + pad) // 8, "big")
        rows.extend([row] * scale)
    return size * scale, b"".join(rows)


_font_cache: OrderedDict[tuple[Any, ...], list[bytes]] = OrderedDict()


def font_objects(first: int, font: PageFont, unicode: dict[int, str]) -> list[bytes]:
    """Type0 font, CIDFont, descriptor, CFF program, ToUnicode: objects first … first+4."""
    key = (first, font.name, id(font.face), tuple(sorted(unicode.items())))
    with _lock:
        if key in _font_cache:
            _font_cache.move_to_end(key)
            return _font_cache[key]
    face = font.face
    gids = sorted(unicode)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(gids).encode()).digest()[:6])
    base = f"/{tag}+{face.postscript}"
    widths = []
    for gid in gids:
        width = face.advance(gid) * 1000 / face.upem
        if round(width, 3) != 1000:
            widths.append(f"{gid} [{pdf_number(width)}]")
    cff = zlib.compress(face.subset_cff(set(gids)))
    cmap = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <ffff> endcodespacerange",
    ]
    items = list(unicode.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        cmap.append(b"%d beginbfchar" % len(chunk))
        cmap.extend(f"<{g:04x}> <{t.encode('utf-16-be').hex()}>".encode() for g, t in chunk)
        cmap.append(b"endbfchar")
    cmap.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    x0, y0, x1, y1 = (v * 1000 // face.upem for v in face.bbox)
    scale = 1000 / face.upem
    objects = [
        (
            f"<< /Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
            f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 4} 0 R >>"
        ).encode(),
        (
            f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont {base} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {first + 2} 0 R /DW 1000 /W [{' '.join(widths)}] >>"
        ).encode(),
        (
            f"<< /Type /FontDescriptor /FontName {base} /Flags 4 "
            f"/FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 "
            f"/Ascent {pdf_number(face.ascent * scale)} /Descent {pdf_number(face.descent * scale)} "
            f"/CapHeight {pdf_number(face.cap_height * scale)} /StemV 80 "
            f"/FontFile3 {first + 3} 0 R >>"
        ).encode(),
        pdf_stream(b"/Subtype /CIDFontType0C /Filter /FlateDecode", cff),
        pdf_stream(b"/Filter /FlateDecode", zlib.compress(b"\n".join(cmap))),
    ]
    with _lock:
        _font_cache[key] = objects
        while len(_font_cache) > 16:
            _font_cache.popitem(last=False)
    return objects


def write_pdf(
    page: Background, lines: list[Line], qr_matrix: Any, title: str, author: str
) -> bytes:
    """One certificate's PDF: the background, the placed lines, the QR code."""
    unicode = {name: dict(font.unicode) for name, font in page.fonts.items()}
    for line in lines:
        mapping = unicode[line.slot.font]
        for glyph in line.glyphs:
            mapping.setdefault(glyph.gid, glyph.text)
    side, bitmap = qr_image(qr_matrix)
    names = sorted(name for name in page.fonts if unicode[name])
    first = CARRIED + len(page.carried_objects)  # the subsets follow the carried fonts
    font_refs = " ".join(
        [f"/{name} {number} 0 R" for name, number in sorted(page.carried.items())]
        + [f"/{name} {first + 5 * n} 0 R" for n, name in enumerate(names)]
    )
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R "
        + page.boxes
        + b" /Contents [4 0 R 5 0 R] /Resources << "
        + page.resources
        + f" /Font << {font_refs} >> /XObject << /QR 6 0 R >> >> >>".encode(),
        pdf_stream(b"/Filter /FlateDecode", page.content),
        pdf_stream(b"/Filter /FlateDecode", _overlay(page, lines)),
        pdf_stream(
            f"/Type /XObject /Subtype /Image /Width {side} /Height {side} "
            "/ColorSpace /DeviceGray /BitsPerComponent 1 /Interpolate true "
            "/Filter /FlateDecode".encode(),
            zlib.compress(bitmap),
        ),
        b"<< /Title "
        + _text_string(title)
        + b" /Author "
        + _text_string(author)
        + b" /Producer "
        + _text_string(page.producer)
        + b" >>",
    ]
    objects.extend(page.carried_objects)
    for n, name in enumerate(names):
        objects.extend(font_objects(first + 5 * n, page.fonts[name], unicode[name]))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
