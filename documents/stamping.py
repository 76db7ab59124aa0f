"""A print's marking stamped on a 评审表 body laid out before (docs/adr/0041-stamped-review-form.md).

An official 评审表's pages are fixed once the application passed formal review; only its
marking changes from print to print: ten faint watermark lines (application, applicant,
print time, printer) and the footer's 正式表 打印流水号. The body is laid out by WeasyPrint
with that marking hidden (`printing.FROZEN`: laid out, not drawn), and from the same layout
`marks_of` takes where each page's marking goes — each watermark line's start and baseline,
the watermark's clip, the footer's right edge and baseline, their font, size and colour —
and `skeleton_of` the objects a stamp rewrites (each page, its resources, the trailer).

`stamp` then writes one incremental update after the body's bytes (the body is kept byte for
byte): per page a stream drawing the marking (text shaped by HarfBuzz on the face fontconfig
gives Pango: `certificates.fonts`, written as `certificates.drawing` writes a certificate's
text), the page again with that stream after its own, one embedded subset of the font, and a
cross-reference stream. It returns None whenever the marking could look different from
WeasyPrint's — a character the font lacks, a control character, a footer that would not fit
its box, a library missing — and the caller lays the form out whole.

WeasyPrint is needed only by `marks_of` (a body's layout, made on a worker), pypdf only by
`skeleton_of`; neither is imported when a print is stamped.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any

from certificates import drawing, fonts

log = logging.getLogger(__name__)

FORMAT = 1  # of the marks below; a body stored with another is laid out again
PX = 0.75  # CSS px to PDF points
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
STARTXREF = re.compile(rb"startxref\s+(\d+)")


def _style(box: Any) -> dict[str, Any]:
    style = box.style
    color = style["color"]
    red, green, blue = (float(v) for v in tuple(color.to("srgb").coordinates)[:3])
    return {
        "family": style["font_family"][0],
        "bold": style["font_weight"] >= 600,
        # The size WeasyPrint gives Pango and writes with Tf: whole 1/1024ths of a px.
        "size": int(style["font_size"] * 1024) / 1024,
        "rgb": [red, green, blue],
        "alpha": float(color.alpha),
        "plain": style["letter_spacing"] == "normal" and style["word_spacing"] == 0,
    }


def _walk(box: Any) -> list[Any]:
    found = [box]
    for child in getattr(box, "children", ()):
        found.extend(_walk(getattr(child, "_box", child)))
    return found


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _text_boxes(box: Any) -> list[Any]:
    return [b for b in _walk(box) if type(b).__name__ == "TextBox"]


def _page_marks(page_box: Any) -> dict[str, Any] | None:
    """Where one page's marking goes, from the page laid out with it hidden."""
    clip = None
    lines: list[list[float]] = []
    line_style = None
    serial = None
    center_right = None
    for box in _walk(page_box):
        classes = _classes(box)
        if "watermark" in classes and clip is None:
            clip = [
                box.padding_box_x(),
                box.padding_box_y(),
                box.padding_width(),
                box.padding_height(),
            ]
        elif "wm-line" in classes and type(box).__name__ == "TextBox":
            if line_style is None:
                line_style = _style(box)
            point = [box.position_x, box.position_y + box.baseline]
            if point not in lines:
                lines.append(point)
        elif type(box).__name__ == "MarginBox":
            if box.at_keyword == "@bottom-center":
                center_right = box.padding_box_x() + box.padding_width()
            elif box.at_keyword == "@bottom-right":
                texts = _text_boxes(box)
                if len(texts) != 1:
                    return None
                text = texts[0]
                serial = {
                    "right": text.position_x + text.width,
                    "baseline": text.position_y + text.baseline,
                    "style": _style(text),
                }
    if clip is None or not lines or line_style is None or serial is None:
        return None
    right = serial["right"]
    serial["room"] = right - center_right if center_right is not None else right - clip[0]
    return {"clip": clip, "lines": lines, "line_style": line_style, "serial": serial}


def marks_of(document: Any) -> list[dict[str, Any]] | None:
    """Each page's marking places, from a WeasyPrint document laid out with `printing.FROZEN`;
    None when a page lacks one (the template changed: prints are then laid out whole)."""
    pages = []
    for page in document.pages:
        found = _page_marks(page._page_box)
        if found is None or not (
            found["line_style"]["plain"] and found["serial"]["style"]["plain"]
        ):
            return None
        pages.append(found)
    return pages


# --- the body's PDF ------------------------------------------------------------------------


def _serialize(value: Any) -> str:
    out = io.BytesIO()
    value.write_to_stream(out)
    return out.getvalue().decode("latin-1")


def _entries(dictionary: Any, skip: tuple[str, ...] = ()) -> str:
    """A pypdf dictionary's entries as PDF text, references kept as references."""
    return " ".join(
        f"{_serialize(key)} {_serialize(value)}"
        for key, value in dict.items(dictionary)
        if key not in skip
    )


def skeleton_of(pdf: bytes) -> dict[str, Any]:
    """What an incremental update of the body needs: its trailer, where its last
    cross-reference section starts, and each page's dictionary taken apart (its contents,
    its resources with the fonts and graphics states listed one by one)."""
    import pypdf
    from pypdf.generic import ArrayObject

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    trailer: Any = reader.trailer
    found = STARTXREF.findall(pdf[-1024:])
    if not found:
        raise ValueError("no startxref in the body")
    pages = []
    page: Any
    for page in reader.pages:
        ref = page.indirect_reference
        contents = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
        if not isinstance(contents, ArrayObject):
            contents = ArrayObject([contents])
        resources: Any = page["/Resources"].get_object() if "/Resources" in page else {}
        fonts_dict = resources.get("/Font")
        states = resources.get("/ExtGState")
        pages.append(
            {
                "ref": [ref.idnum, ref.generation],
                "entries": _entries(page, ("/Contents", "/Resources")),
                "contents": " ".join(_serialize(c) for c in contents),
                "resources": _entries(resources, ("/Font", "/ExtGState")),
                "fonts": _entries(fonts_dict.get_object()) if fonts_dict is not None else "",
                "states": _entries(states.get_object()) if states is not None else "",
                "height": float(page.mediabox.height),
            }
        )
    return {
        "size": int(trailer["/Size"]),
        "prev": int(found[-1]),
        "root": _serialize(trailer.raw_get("/Root")),
        "info": _serialize(trailer.raw_get("/Info")) if "/Info" in trailer else "",
        "id": _serialize(trailer.raw_get("/ID")) if "/ID" in trailer else "",
        "pages": pages,
    }


# --- stamping ------------------------------------------------------------------------------


@dataclass
class _Font:
    name: str
    face: fonts.Face
    unicode: dict[int, str]


def _printable(text: str) -> bool:
    return all(unicodedata.category(c)[0] not in "CMZ" or c in " \u3000" for c in text)


def _shaped(
    text: str, style: dict[str, Any], used: dict[tuple[str, bool], _Font]
) -> tuple[_Font, list[fonts.Glyph]] | None:
    """(font, glyphs) of one line of text as Pango would set it, or None."""
    text = COLLAPSIBLE.sub(" ", text).strip(" ")
    if not text or not _printable(text):
        return None
    key = (style["family"], bool(style["bold"]))
    if key not in used:
        used[key] = _Font(f"ZS{len(used)}", fonts.face(*key), {})
    font = used[key]
    glyphs = font.face.shape(text)
    if glyphs is None:
        return None
    for glyph in glyphs:
        font.unicode.setdefault(glyph.gid, glyph.text)
    return font, glyphs


def _color(style: dict[str, Any], states: dict[float, str]) -> str:
    red, green, blue = (drawing.pdf_number(v) for v in style["rgb"])
    alpha = round(float(style["alpha"]), 4)
    if alpha >= 1:
        return f"{red} {green} {blue} rg"
    states.setdefault(alpha, f"ZSa{len(states)}")
    return f"/{states[alpha]} gs {red} {green} {blue} rg"


def _text(
    shaped: tuple[_Font, list[fonts.Glyph]], style: dict[str, Any], x: float, y: float
) -> str:
    font, glyphs = shaped
    n = drawing.pdf_number
    return (
        f"BT /{font.name} {n(style['size'])} Tf 1 0 0 -1 {n(x)} {n(y)} Tm "
        f"{drawing.glyph_run(glyphs, font.face.upem)} TJ ET"
    )


def _width(glyphs: list[fonts.Glyph], size: float, upem: int) -> float:
    return sum(g.advance for g in glyphs) * size / upem


def _page_stream(
    marks: dict[str, Any],
    height: float,
    line: str,
    serial: str,
    used: dict[tuple[str, bool], _Font],
    states: dict[float, str],
) -> bytes | None:
    """One page's marking, drawn as WeasyPrint draws it: in its px space (y down), the
    watermark lines clipped to the watermark's box, then the footer's serial line."""
    n = drawing.pdf_number
    wm = _shaped(line, marks["line_style"], used)
    footer = _shaped(serial, marks["serial"]["style"], used)
    if wm is None or footer is None:
        return None
    style = marks["serial"]["style"]
    width = _width(footer[1], style["size"], footer[0].face.upem)
    if width > marks["serial"]["room"] - 0.5:
        return None  # it would wrap, or push the page number aside
    x, y, w, h = marks["clip"]
    ops = [
        "Q",  # the body's own drawing ends here (it was opened with a lone "q")
        f"q 1 0 0 -1 0 {n(height)} cm {n(PX)} 0 0 {n(PX)} 0 0 cm",
        f"q {n(x)} {n(y)} {n(w)} {n(h)} re W n {_color(marks['line_style'], states)}",
    ]
    ops += [_text(wm, marks["line_style"], left, base) for left, base in marks["lines"]]
    ops.append("Q")
    right, base = marks["serial"]["right"], marks["serial"]["baseline"]
    ops.append(f"q {_color(style, states)} {_text(footer, style, right - width, base)} Q")
    ops.append("Q")
    return "\n".join(ops).encode("latin-1")


def stamp(body: bytes, marks: dict[str, Any], *, line: str, serial: str) -> bytes | None:
    """The body with this print's marking on every page: `line` is one watermark line (as
    `printing.watermark_line` writes it), `serial` the footer's. None when WeasyPrint must
    lay the print out whole."""
    if not fonts.available():
        return None
    skeleton = marks["skeleton"]
    used: dict[tuple[str, bool], _Font] = {}
    states: dict[float, str] = {}
    drawings = []
    try:
        for page, placed in zip(skeleton["pages"], marks["pages"], strict=True):
            drawn = _page_stream(placed, page["height"], line, serial, used, states)
            if drawn is None:
                return None
            drawings.append(drawn)
    except (OSError, ValueError):
        log.exception("review form marking could not be shaped")
        return None
    return _update(body, skeleton, drawings, list(used.values()), states)


def _update(
    body: bytes,
    skeleton: dict[str, Any],
    drawings: list[bytes],
    used: list[_Font],
    states: dict[float, str],
) -> bytes:
    """The incremental update: new objects from the body's /Size on, each page again under
    its own number, and a cross-reference stream pointing at them (/Prev: the body's)."""
    first = int(skeleton["size"])
    objects: dict[int, tuple[int, bytes]] = {}  # number → (generation, body)
    number = first
    font_refs = []
    for font in used:
        made = drawing.font_objects(
            number, drawing.PageFont(font.name, font.face, frozenset(), {}), font.unicode
        )
        font_refs.append(f"/{font.name} {number} 0 R")
        for part in made:
            objects[number] = (0, part)
            number += 1
    opening = number
    objects[opening] = (0, drawing.pdf_stream(b"", b"q\n"))
    number += 1
    extra_states = " ".join(f"/{name} << /ca {alpha} >>" for alpha, name in states.items())
    for page, drawn in zip(skeleton["pages"], drawings, strict=True):
        overlay = number
        objects[overlay] = (0, drawing.pdf_stream(b"", drawn))
        number += 1
        page_number, generation = page["ref"]
        objects[page_number] = (
            generation,
            (
                f"<< {page['entries']} "
                f"/Contents [{opening} 0 R {page['contents']} {overlay} 0 R] "
                f"/Resources << {page['resources']} "
                f"/Font << {page['fonts']} {' '.join(font_refs)} >> "
                f"/ExtGState << {page['states']} {extra_states} >> >> >>"
            ).encode("latin-1"),
        )
    out = bytearray(body)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, tuple[int, int]] = {}
    for obj, (generation, text) in objects.items():
        offsets[obj] = (len(out), generation)
        out += b"%d %d obj\n" % (obj, generation) + text + b"\nendobj\n"
    xref = number
    offsets[xref] = (len(out), 0)
    numbers = sorted(offsets)
    rows = b"".join(struct.pack(">BIH", 1, *offsets[obj]) for obj in numbers)
    index = " ".join(f"{obj} 1" for obj in numbers)
    trailer = (
        f"/Type /XRef /Size {max(xref + 1, first)} /Index [{index}] /W [1 4 2] "
        f"/Root {skeleton['root']} /Prev {skeleton['prev']}"
        + (f" /Info {skeleton['info']}" if skeleton["info"] else "")
        + (f" /ID {skeleton['id']}" if skeleton["id"] else "")
    ).encode("latin-1")
    out += b"%d 0 obj\n" % xref + drawing.pdf_stream(trailer, rows) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref][0]
    return bytes(out)
