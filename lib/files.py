"""Checks for uploaded scans: size, real type by content, safe display names, orientation.

Only JPEG, PNG and PDF are accepted, decided from the bytes (Pillow, pypdf), never from
the name or the browser's content type.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from typing import IO, Any

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from lib.i18n import gettext, gettext_noop

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_NAME_LENGTH = 120

# Characters that reorder or hide text (bidi overrides and isolates, zero-width marks).
INVISIBLE = {
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
}


class UploadError(ValueError):
    """A file that cannot be accepted; the message is for the user."""


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    kind: str  # "jpg", "png" or "pdf"
    display_name: str

    @property
    def content_type(self) -> str:
        return {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[self.kind]


def safe_display_name(name: str, kind: str) -> str:
    """The user's file name made harmless: no folders, control or bidi characters, bounded length.

    Uyghur and Chinese letters are kept. The extension always matches the real content.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if ch not in INVISIBLE and unicodedata.category(ch)[0] != "C"
    ).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    # Drop every inner extension (scan.pdf.exe → scan) so the shown name cannot mislead.
    stem = stem.split(".", 1)[0].strip() or gettext("附件")
    return f"{stem[:MAX_NAME_LENGTH]}.{kind}"


def _read(upload: IO[bytes], limit: int) -> bytes:
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(gettext("文件不能超过 %(mb)sMB。") % {"mb": limit // (1024 * 1024)})
    return data


def check_upload(upload: IO[bytes], name: str, *, limit: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Read the upload and return it if it is a sound JPEG, PNG or PDF within the limit.

    Images are re-encoded upright (EXIF orientation applied), which also drops any
    hidden payload after the image data.
    """
    data = _read(upload, limit)
    if not data:
        raise UploadError(gettext("文件是空的，请重新选择。"))
    if data.startswith(b"%PDF-"):
        return CheckedUpload(_check_pdf(data), "pdf", safe_display_name(name, "pdf"))
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        content, kind = _check_image(data)
        if len(content) > limit:
            raise UploadError(gettext("文件不能超过 %(mb)sMB。") % {"mb": limit // (1024 * 1024)})
        return CheckedUpload(content, kind, safe_display_name(name, kind))
    raise UploadError(gettext("只能上传 JPG、PNG 图片或 PDF 文件。"))


class _CutShort(logging.Handler):
    """Notes, for this thread only, when pypdf's lenient parser dropped part of a dictionary.

    Outside strict mode pypdf keeps what it read of a dictionary whose parsing failed (too
    deep, a bad token) and keeps the first of two equal keys; a viewer may read the rest or
    the other key. The active-content check cannot vouch for a file parsed that way.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.cut_short = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or record.name != "pypdf.generic._data_structures":
            return
        message = record.getMessage()
        if message.startswith("Multiple definitions in dictionary") or re.match(
            r"^\w+(Error|Exception)\(", message
        ):
            self.cut_short = True


def _check_pdf(data: bytes) -> bytes:
    watch = _CutShort()
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(watch)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError(gettext("PDF 文件已加密，请上传未加密的文件。"))
        if len(reader.pages) < 1:
            raise UploadError(gettext("PDF 文件没有页面。"))
        found = active_pdf_content(reader)
        if watch.cut_short:
            raise UploadError(gettext("PDF 文件已损坏或不是有效的 PDF。"))
    except UploadError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        IndexError,
        AttributeError,
        AssertionError,
        RecursionError,
        zlib.error,
    ):
        raise UploadError(gettext("PDF 文件已损坏或不是有效的 PDF。")) from None
    finally:
        pypdf_log.removeHandler(watch)
    if found:
        labels = gettext("、").join(
            gettext(ACTIVE_PDF_LABELS[kind]) for kind in ACTIVE_PDF_KINDS if kind in found
        )
        raise UploadError(
            gettext("PDF 文件含有%(kinds)s，不能上传。请打印为 PDF 或重新扫描后再上传。")
            % {"kinds": labels}
        )
    return data


# What a PDF may carry that runs or opens something by itself, in the order messages name it.
ACTIVE_PDF_KINDS = ("javascript", "openaction", "aa", "launch", "embedded", "xfa", "richmedia")
ACTIVE_PDF_LABELS = {
    "javascript": gettext_noop("可执行的脚本（JavaScript）"),
    "openaction": gettext_noop("打开时自动执行的动作（OpenAction）"),
    "aa": gettext_noop("自动触发的附加动作（AA）"),
    "launch": gettext_noop("启动外部程序的动作（Launch）"),
    "embedded": gettext_noop("嵌入的文件（附件）"),
    "xfa": gettext_noop("XFA 动态表单"),
    "richmedia": gettext_noop("富媒体内容（RichMedia）"),
}
# Keys whose mere presence marks a kind, wherever the dictionary sits in the file.
_ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",  # the catalog's /Names /JavaScript name tree
    "/OpenAction": "openaction",
    "/AA": "aa",
    "/Launch": "launch",  # platform launch parameters (/Win, /Mac, /Unix) in old files
    "/EmbeddedFiles": "embedded",  # the catalog's /Names /EmbeddedFiles name tree
    "/EF": "embedded",  # a file specification that carries the file itself
    "/XFA": "xfa",
    "/RichMediaContent": "richmedia",
    "/RichMediaSettings": "richmedia",
}
# (key, name value) pairs that mark a kind: action types, annotation subtypes, object types.
_ACTIVE_VALUES = {
    ("/S", "/JavaScript"): "javascript",
    ("/S", "/Launch"): "launch",
    ("/Subtype", "/FileAttachment"): "embedded",
    ("/Type", "/EmbeddedFile"): "embedded",
    ("/Subtype", "/RichMedia"): "richmedia",
}
# A hostile file must not hold the request: the walk stops, and the file is refused, past
# this many objects or this much time. Real scans and exported documents stay far below.
PDF_MAX_OBJECTS = 100_000
PDF_MAX_SECONDS = 5.0


def active_pdf_content(
    reader: PdfReader,
    *,
    max_objects: int = PDF_MAX_OBJECTS,
    max_seconds: float = PDF_MAX_SECONDS,
) -> set[str]:
    """The kinds of active content (ACTIVE_PDF_KINDS) anywhere in the PDF.

    Every object is looked at, not only those a page reaches: each entry of the
    cross-reference tables (objects inside object streams included, which pypdf unpacks)
    and everything reachable from the trailer, following indirect references once each.
    Inside an object, nested dictionaries and arrays are walked with an explicit stack, so
    neither a deep nesting nor a reference cycle can recurse or loop. Names are compared
    after pypdf has decoded them, so `/J#53` is `/JS`.
    """
    deadline = time.monotonic() + max_seconds
    seen_refs: set[tuple[int, int]] = set()
    found: set[str] = set()
    budget = max_objects

    def too_much() -> UploadError:
        return UploadError(
            gettext("PDF 文件结构过于复杂，无法完成安全检查。请打印为 PDF 或重新扫描后再上传。")
        )

    # Roots: the trailer, then every object the cross-reference tables list.
    pending: list[Any] = [reader.trailer]
    for generation, entries in reader.xref.items():
        pending.extend(IndirectObject(idnum, generation, reader) for idnum in entries)
    pending.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)

    while pending:
        item = pending.pop()
        budget -= 1
        if budget < 0 or time.monotonic() > deadline:
            raise too_much()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen_refs:
                continue
            seen_refs.add(ref)
            item = reader.get_object(item)
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            for key in item:
                kind = _ACTIVE_KEYS.get(str(key))
                if kind:
                    found.add(kind)
                # The raw value: an indirect reference is queued for the walk (once), and
                # resolved here only to read a name such as `/S 7 0 R` → /JavaScript.
                value = dict.__getitem__(item, key)
                if isinstance(value, IndirectObject):
                    resolved = value.get_object()
                    if isinstance(resolved, NameObject):
                        value = resolved
                if isinstance(value, NameObject):
                    kind = _ACTIVE_VALUES.get((str(key), str(value)))
                    if kind:
                        found.add(kind)
                elif isinstance(value, (DictionaryObject, ArrayObject, IndirectObject)):
                    pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(
                v
                for v in list.__iter__(item)
                if isinstance(v, (DictionaryObject, ArrayObject, IndirectObject))
            )
    return found


def _check_image(data: bytes) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadError(gettext("图片文件已损坏或不完整，请重新扫描后上传。")) from None
    if fmt not in ("JPEG", "PNG"):
        raise UploadError(gettext("只能上传 JPG、PNG 图片或 PDF 文件。"))
    out = io.BytesIO()
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90)
        return out.getvalue(), "jpg"
    upright.save(out, "PNG", optimize=True)
    return out.getvalue(), "png"
