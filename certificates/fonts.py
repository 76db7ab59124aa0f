"""The fonts of the stamped certificate: found by fontconfig, shaped and subset by HarfBuzz.

The same system libraries WeasyPrint lays text out with (Pango sits on fontconfig and
HarfBuzz), called directly through ctypes, so the stamped text uses the very glyphs and
advances WeasyPrint would. Loaded on first use; `available()` is False when a library is
missing (the certificate is then drawn by WeasyPrint alone).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import struct
import threading
from dataclasses import dataclass
from functools import cache

P = ctypes.c_void_p
_lock = threading.Lock()

# hb_subset_flags_t and hb_subset_sets_t values (hb-subset.h).
_DESUBROUTINIZE = 0x4
_NO_HINTING = 0x1
_SETS_DROP_TABLE_TAG = 3
_DROPPED = (b"BASE", b"DSIG", b"GPOS", b"GSUB", b"JSTF", b"VORG", b"vhea", b"vmtx", b"SVG ")


class _Info(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 - ctypes declaration
        ("codepoint", ctypes.c_uint32),
        ("mask", ctypes.c_uint32),
        ("cluster", ctypes.c_uint32),
        ("var1", ctypes.c_uint32),
        ("var2", ctypes.c_uint32),
    ]


class _Position(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 - ctypes declaration
        ("x_advance", ctypes.c_int32),
        ("y_advance", ctypes.c_int32),
        ("x_offset", ctypes.c_int32),
        ("y_offset", ctypes.c_int32),
        ("var", ctypes.c_uint32),
    ]


def _declare(lib: ctypes.CDLL, name: str, restype: object, *argtypes: object) -> None:
    function = getattr(lib, name)
    function.restype = restype
    function.argtypes = list(argtypes)


@cache
def _libraries() -> tuple[ctypes.CDLL, ctypes.CDLL, ctypes.CDLL]:
    hb = ctypes.CDLL("libharfbuzz.so.0")
    hbs = ctypes.CDLL("libharfbuzz-subset.so.0")
    fc = ctypes.CDLL("libfontconfig.so.1")
    u, i, s = ctypes.c_uint, ctypes.c_int, ctypes.c_char_p
    _declare(hb, "hb_blob_create_from_file_or_fail", P, s)
    _declare(hb, "hb_blob_get_data", ctypes.POINTER(ctypes.c_char), P, ctypes.POINTER(u))
    _declare(hb, "hb_blob_destroy", None, P)
    _declare(hb, "hb_face_create", P, P, u)
    _declare(hb, "hb_face_get_upem", u, P)
    _declare(hb, "hb_face_reference_blob", P, P)
    _declare(hb, "hb_face_reference_table", P, P, ctypes.c_uint32)
    _declare(hb, "hb_face_destroy", None, P)
    _declare(hb, "hb_font_create", P, P)
    _declare(hb, "hb_font_get_glyph_h_advance", ctypes.c_int32, P, ctypes.c_uint32)
    _declare(hb, "hb_font_get_nominal_glyph", i, P, ctypes.c_uint32, ctypes.POINTER(u))
    _declare(hb, "hb_language_from_string", P, s, i)
    _declare(hb, "hb_buffer_create", P)
    _declare(hb, "hb_buffer_destroy", None, P)
    _declare(hb, "hb_buffer_add_utf8", None, P, s, i, u, i)
    _declare(hb, "hb_buffer_guess_segment_properties", None, P)
    _declare(hb, "hb_buffer_set_language", None, P, P)
    _declare(hb, "hb_shape", None, P, P, P, u)
    _declare(hb, "hb_buffer_get_glyph_infos", ctypes.POINTER(_Info), P, ctypes.POINTER(u))
    _declare(hb, "hb_buffer_get_glyph_positions", ctypes.POINTER(_Position), P, P)
    _declare(hb, "hb_set_add", None, P, ctypes.c_uint32)
    _declare(hb, "hb_tag_from_string", ctypes.c_uint32, s, i)
    _declare(hbs, "hb_subset_input_create_or_fail", P)
    _declare(hbs, "hb_subset_input_destroy", None, P)
    _declare(hbs, "hb_subset_input_glyph_set", P, P)
    _declare(hbs, "hb_subset_input_unicode_set", P, P)
    _declare(hbs, "hb_subset_input_set", P, P, i)
    _declare(hbs, "hb_subset_input_set_flags", None, P, u)
    _declare(hbs, "hb_subset_or_fail", P, P, P)
    _declare(fc, "FcNameParse", P, s)
    _declare(fc, "FcConfigSubstitute", i, P, P, i)
    _declare(fc, "FcDefaultSubstitute", None, P)
    _declare(fc, "FcFontMatch", P, P, P, ctypes.POINTER(i))
    _declare(fc, "FcPatternGetString", i, P, s, i, ctypes.POINTER(ctypes.c_char_p))
    _declare(fc, "FcPatternGetInteger", i, P, s, i, ctypes.POINTER(i))
    _declare(fc, "FcPatternDestroy", None, P)
    return hb, hbs, fc


def available() -> bool:
    """HarfBuzz (with its subsetter) and fontconfig can be loaded."""
    try:
        _libraries()
    except (OSError, AttributeError):
        return False
    return True


def _blob_bytes(blob: int) -> bytes:
    hb = _libraries()[0]
    length = ctypes.c_uint()
    data = hb.hb_blob_get_data(blob, ctypes.byref(length))
    return ctypes.string_at(data, length.value) if length.value else b""


@dataclass(frozen=True)
class Glyph:
    gid: int
    text: str  # the characters this glyph stands for (its cluster), for ToUnicode
    advance: int  # font units
    width: int  # font units, the glyph's own advance (PDF /W); differs when kerned


class Face:
    """One face of a font file (an index into a .ttc), shaped and subset by HarfBuzz."""

    def __init__(self, path: str, index: int) -> None:
        hb = _libraries()[0]
        self.path, self.index = path, index
        self._blob = hb.hb_blob_create_from_file_or_fail(path.encode())
        if not self._blob:
            raise OSError(f"cannot read font {path}")
        self._face = hb.hb_face_create(self._blob, index)
        self._font = hb.hb_font_create(self._face)
        self.upem = int(hb.hb_face_get_upem(self._face))
        self._language = hb.hb_language_from_string(b"zh-Hans", -1)
        head = self.table(b"head")
        hhea = self.table(b"hhea")
        os2 = self.table(b"OS/2")
        self.bbox = struct.unpack(">4h", head[36:44])
        self.ascent, self.descent = struct.unpack(">2h", hhea[4:8])
        self.cap_height = struct.unpack(">h", os2[88:90])[0] if len(os2) >= 90 else self.ascent
        self.postscript = postscript_name(self.table(b"name")) or "Font"

    def table(self, tag: bytes) -> bytes:
        hb = _libraries()[0]
        blob = hb.hb_face_reference_table(self._face, hb.hb_tag_from_string(tag, -1))
        try:
            return _blob_bytes(blob)
        finally:
            hb.hb_blob_destroy(blob)

    def glyph_of(self, char: str) -> int:
        """The glyph the font's cmap gives a character, 0 when it has none."""
        hb = _libraries()[0]
        gid = ctypes.c_uint()
        return gid.value if hb.hb_font_get_nominal_glyph(self._font, ord(char), gid) else 0

    def advance(self, gid: int) -> int:
        return int(_libraries()[0].hb_font_get_glyph_h_advance(self._font, gid))

    def shape(self, text: str) -> list[Glyph] | None:
        """Glyphs of a horizontal run as Pango would set it; None when a character has no
        glyph here or a glyph is moved off its pen position (left to WeasyPrint)."""
        hb = _libraries()[0]
        data = text.encode()
        buffer = hb.hb_buffer_create()
        try:
            hb.hb_buffer_add_utf8(buffer, data, len(data), 0, -1)
            hb.hb_buffer_guess_segment_properties(buffer)
            hb.hb_buffer_set_language(buffer, self._language)
            hb.hb_shape(self._font, buffer, None, 0)
            count = ctypes.c_uint()
            infos = hb.hb_buffer_get_glyph_infos(buffer, ctypes.byref(count))
            positions = hb.hb_buffer_get_glyph_positions(buffer, None)
            raw = [
                (
                    infos[n].codepoint,
                    infos[n].cluster,
                    positions[n].x_advance,
                    positions[n].x_offset or positions[n].y_offset or positions[n].y_advance,
                )
                for n in range(count.value)
            ]
        finally:
            hb.hb_buffer_destroy(buffer)
        starts = sorted({cluster for _, cluster, _, _ in raw}) + [len(data)]
        ends = {start: starts[n + 1] for n, start in enumerate(starts[:-1])}
        glyphs = []
        for gid, cluster, advance, moved in raw:
            if gid == 0 or moved:
                return None
            chars = data[cluster : ends[cluster]].decode()
            glyphs.append(Glyph(gid, chars, advance, self.advance(gid)))
        return glyphs

    def subset_cff(self, gids: set[int]) -> bytes:
        """A subset holding `gids`, as a bare CFF program: CID-keyed, it keeps each glyph's
        CID (= its glyph id in the Noto CJK fonts), which is what the PDF's codes name."""
        hb, hbs, _ = _libraries()
        with _lock:  # one subset at a time per process: HarfBuzz caches in the face
            plan = hbs.hb_subset_input_create_or_fail()
            try:
                glyph_set = hbs.hb_subset_input_glyph_set(plan)
                for gid in sorted(gids):
                    hb.hb_set_add(glyph_set, gid)
                dropped = hbs.hb_subset_input_set(plan, _SETS_DROP_TABLE_TAG)
                for tag in _DROPPED:
                    hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, -1))
                hbs.hb_subset_input_set_flags(plan, _DESUBROUTINIZE | _NO_HINTING)
                face = hbs.hb_subset_or_fail(self._face, plan)
            finally:
                hbs.hb_subset_input_destroy(plan)
        if not face:
            raise OSError(f"HarfBuzz could not subset {self.path}")
        try:
            blob = hb.hb_face_reference_blob(face)
            try:
                otf = _blob_bytes(blob)
            finally:
                hb.hb_blob_destroy(blob)
        finally:
            hb.hb_face_destroy(face)
        return cff_table(otf)


def postscript_name(table: bytes) -> str:
    """Name ID 6 of a 'name' table (the Windows Unicode record), for the PDF's /BaseFont."""
    if len(table) < 6:
        return ""
    count, strings = struct.unpack(">HH", table[2:6])
    for n in range(count):
        platform, _, _, name_id, length, offset = struct.unpack(
            ">6H", table[6 + 12 * n : 18 + 12 * n]
        )
        if name_id == 6 and platform == 3:
            raw = table[strings + offset : strings + offset + length].decode("utf-16-be")
            return "".join(c for c in raw if c.isascii() and c.isalnum() or c in "-_")
    return ""


def sfnt_table(otf: bytes, wanted: bytes) -> bytes:
    """One table of an OpenType font file, empty when it has none."""
    (count,) = struct.unpack(">H", otf[4:6])
    for n in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", otf[12 + 16 * n : 28 + 16 * n])
        if tag == wanted:
            return otf[offset : offset + length]
    return b""


def cff_table(otf: bytes) -> bytes:
    """The 'CFF ' table of an OpenType font file."""
    table = sfnt_table(otf, b"CFF ")
    if not table:
        raise OSError("the subset font has no CFF table")
    return table


@cache
def face(family: str, bold: bool) -> Face:
    """The face fontconfig picks for a family and weight — the one Pango picks."""
    _, _, fc = _libraries()
    query = f"{family}:weight={200 if bold else 80}".encode()
    pattern = fc.FcNameParse(query)
    fc.FcConfigSubstitute(None, pattern, 0)
    fc.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = fc.FcFontMatch(None, pattern, ctypes.byref(result))
    fc.FcPatternDestroy(pattern)
    if not match:
        raise OSError(f"fontconfig has no font for {family}")
    try:
        path = ctypes.c_char_p()
        index = ctypes.c_int()
        if fc.FcPatternGetString(match, b"file", 0, ctypes.byref(path)) != 0 or not path.value:
            raise OSError(f"fontconfig gave no file for {family}")
        fc.FcPatternGetInteger(match, b"index", 0, ctypes.byref(index))
        return Face(path.value.decode(), index.value)
    finally:
        fc.FcPatternDestroy(match)
