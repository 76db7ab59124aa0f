"""Rendering printed forms with WeasyPrint (see docs/adr/0007-pdf-printing.md).

HTML templates in templates/documents/ become A4 PDFs with the Noto CJK fonts embedded
(found through fontconfig by family name; WeasyPrint embeds subsets). A form must fill an
exact number of pages (the 评审表 is one sheet printed on both sides): its content is
estimated to fit (documents/sheets.py), and `fit` checks the rendered page count, squeezing
harder or pushing the closing part onto the last page until the count is right.

WeasyPrint is imported when a form is first laid out, never when a web or task worker
starts (it loads Pango, fontconfig and its stylesheets: a second or more per process); an
official 评审表 is usually stamped on a body laid out before (documents/bodies.py) and needs
none of it. docs/adr/0041-stamped-review-form.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpResponse

from zhicheng.serving import serve_bytes

log = logging.getLogger(__name__)

ATTEMPTS = 6


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    squeeze: float


@cache
def no_fetch() -> Any:
    """The URL fetcher of every form: it fetches nothing.

    Forms are built from the application's own data and a stylesheet inlined in the
    template, so no text typed by an applicant can make the server open a file or a URL.
    """
    # Imported here, on the first form a process lays out (see the module's docstring).
    # WeasyPrint reports every layout step (and its own stylesheets, on import) at INFO.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import URLFetcher  # type: ignore[import-untyped]

    return URLFetcher(allowed_protocols=())


def render(html: str) -> tuple[Any, int]:
    """The laid-out document and its page count."""
    fetcher = no_fetch()
    from weasyprint import HTML

    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    return document, len(document.pages)


def lay_out(make: Callable[[float, bool], str], pages: int) -> tuple[Any, int, float]:
    """Lay out what `make` builds until it has exactly `pages` pages: the WeasyPrint
    document, its page count and the squeeze it took.

    `make(squeeze, spread)` builds the HTML with its content estimated to fill `squeeze`
    (1.0 at first) of the room it has; `spread` asks it to push its closing part onto
    the last page when a short form would otherwise end early. Too many pages → squeeze
    harder; too few → spread. The last attempt is used whatever it gives.
    """
    squeeze, spread = 1.0, False
    for attempt in range(ATTEMPTS):
        document, count = render(make(squeeze, spread))
        if count == pages:
            break
        if count > pages:
            squeeze *= 0.88
        else:
            spread = True
        log.info("printed form: %s pages instead of %s, attempt %s", count, pages, attempt + 2)
    else:
        log.warning("printed form has %s pages instead of %s", count, pages)
    return document, count, squeeze


def fit(make: Callable[[float, bool], str], pages: int) -> Rendered:
    """The PDF of what `make` builds, laid out to exactly `pages` pages (`lay_out`)."""
    document, count, squeeze = lay_out(make, pages)
    return Rendered(pdf=document.write_pdf(), pages=count, squeeze=squeeze)


def pdf_response(pdf: bytes, filename: str, ascii_filename: str) -> HttpResponse:
    """The PDF shown in the browser (inline, sandboxed), named for saving, never cached."""
    return serve_bytes(pdf, filename, "application/pdf", ascii_name=ascii_filename)
