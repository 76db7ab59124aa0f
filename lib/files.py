"""Checks for uploaded scans: size, real type by content, safe display names, orientation.

Only JPEG, PNG and PDF are accepted, decided from the bytes (Pillow, pypdf), never from
the name or the browser's content type.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

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
    stem = stem.split(".", 1)[0].strip() or "附件"
    return f"{stem[:MAX_NAME_LENGTH]}.{kind}"


def _read(upload: IO[bytes], limit: int) -> bytes:
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"文件不能超过 {limit // (1024 * 1024)}MB。")
    return data


def check_upload(upload: IO[bytes], name: str, *, limit: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Read the upload and return it if it is a sound JPEG, PNG or PDF within the limit.

    Images are re-encoded upright (EXIF orientation applied), which also drops any
    hidden payload after the image data.
    """
    data = _read(upload, limit)
    if not data:
        raise UploadError("文件是空的，请重新选择。")
    if data.startswith(b"%PDF-"):
        return CheckedUpload(_check_pdf(data), "pdf", safe_display_name(name, "pdf"))
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        content, kind = _check_image(data)
        if len(content) > limit:
            raise UploadError(f"文件不能超过 {limit // (1024 * 1024)}MB。")
        return CheckedUpload(content, kind, safe_display_name(name, kind))
    raise UploadError("只能上传 JPG、PNG 图片或 PDF 文件。")


def _check_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError("PDF 文件已加密，请上传未加密的文件。")
        if len(reader.pages) < 1:
            raise UploadError("PDF 文件没有页面。")
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, IndexError, AttributeError):
        raise UploadError("PDF 文件已损坏或不是有效的 PDF。") from None
    return data


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
        raise UploadError("图片文件已损坏或不完整，请重新扫描后上传。") from None
    if fmt not in ("JPEG", "PNG"):
        raise UploadError("只能上传 JPG、PNG 图片或 PDF 文件。")
    out = io.BytesIO()
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90)
        return out.getvalue(), "jpg"
    upright.save(out, "PNG", optimize=True)
    return out.getvalue(), "png"
