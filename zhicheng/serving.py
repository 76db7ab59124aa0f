"""The one way a user's file leaves the server (docs/adr/0021-file-serving-and-csp.md).

Every view that hands out an uploaded or generated private file — application attachments,
the 附件库, ID-card and licence scans, recovery images, notice attachments, training
evidence, printed forms, certificates, spreadsheets — first finds the object in a queryset
scoped to the viewer (404 otherwise), then returns `serve_file(...)`. The response:

- is shown inline only when it is a JPEG, PNG or PDF (checked by content on upload or made
  by us); everything else is a download (`Content-Disposition: attachment`);
- carries `FILE_POLICY`, a sandboxing Content-Security-Policy: the document is given an
  opaque origin, may run no script, submit no form, load nothing but its own image, and be
  framed by no page — so even a file that got past the upload checks cannot act as the site;
- is never sniffed (`nosniff`), never kept by a shared cache (`private, no-store`), and not
  embeddable by other sites (`Cross-Origin-Resource-Policy: same-origin`);
- names the file with RFC 6266/5987 (`filename*=UTF-8''…`, Uyghur and Chinese kept) plus a
  plain ASCII `filename=` for old clients.
"""

from __future__ import annotations

import unicodedata
from typing import IO
from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

# Chromium shows an image or a PDF in a sandboxed document with this policy: its image
# viewer needs the image itself ('self') and inline styles for centring; its PDF viewer is
# a built-in extension that CSP does not govern. `plugin-types` is gone from browsers (it
# only logs a warning), so it is not sent.
FILE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
)
# The only types ever rendered by the browser; all three are checked by content on upload
# (lib.files.check_upload) or produced by this server.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "application/pdf"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES_BY_EXTENSION = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "xlsx": XLSX,
    "csv": "text/csv",
}
OCTET_STREAM = "application/octet-stream"


def type_of(name: str) -> str:
    """The content type for a stored name's extension; anything unknown is a plain download."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES_BY_EXTENSION.get(ext, OCTET_STREAM)


def _ascii_fallback(filename: str) -> str:
    """The name for clients that ignore `filename*`: ASCII letters only, never empty."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    plain = "".join(ch if ch.isalnum() or ch in "-_.()" else "_" for ch in plain)
    stem, dot, ext = plain.rpartition(".")
    if not dot:
        stem, ext = plain, ""
    if not stem.strip("_."):
        stem = "file"
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, *, inline: bool, ascii_name: str = "") -> str:
    """`inline`/`attachment` with both an ASCII `filename` and the full UTF-8 `filename*`."""
    # Control characters (CR/LF above all) never reach a header.
    cleaned = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C") or "file"
    kind = "inline" if inline else "attachment"
    return (
        f'{kind}; filename="{_ascii_fallback(ascii_name or cleaned)}"; '
        f"filename*=UTF-8''{quote(cleaned, safe='')}"
    )


def secure(
    response: HttpResponseBase, filename: str, content_type: str, *, ascii_name: str = ""
) -> HttpResponseBase:
    """Put the file headers on a response: sandbox, nosniff, no shared caching, disposition."""
    inline = content_type in INLINE_TYPES
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition(
        filename, inline=inline, ascii_name=ascii_name
    )
    response["Content-Security-Policy"] = FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def serve_file(
    stored: File[bytes] | None, filename: str, content_type: str | None = None
) -> HttpResponseBase:
    """A stored file (a FileField's file) for a viewer already allowed to see it.

    `filename` is the name the user gave (empty: 附件.<ext>). `content_type` is what the
    upload check decided; without it the stored name's extension decides (the stored name
    is ours, never the user's). A missing file is a 404;
    an unreachable store is left to raise (the 503 page).
    """
    if not stored:
        raise Http404
    try:
        handle: IO[bytes] = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    stored_name = stored.name or ""
    kind = content_type or type_of(stored_name)
    if not filename:
        ext = stored_name.rsplit(".", 1)[-1].lower() if "." in stored_name else "bin"
        filename = _("附件.%(ext)s") % {"ext": ext}
    return secure(FileResponse(handle, content_type=kind), filename, kind)


def serve_bytes(
    content: bytes, filename: str, content_type: str, *, ascii_name: str = ""
) -> HttpResponse:
    """A file made for this request (a printed form, a certificate, a spreadsheet).

    `ascii_name` is a readable name for clients that ignore `filename*` (else one is derived).
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Length"] = str(len(content))
    secure(response, filename, content_type, ascii_name=ascii_name)
    return response
