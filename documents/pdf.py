"""Rendering printed forms with WeasyPrint (see docs/adr/0007-pdf-printing.md).

HTML templates in templates/documents/ become A4 PDFs with the Noto CJK fonts embedded
(found through fontconfig by family name; WeasyPrint embeds subsets). A form must fill an
exact number of pages (the 评审表 is one sheet printed on both sides): its content is
estimated to fit (documents/sheets.py), and `fit` checks the rendered page count, squeezing
harder or pushing the closing part onto the last page until the count is right.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

# WeasyPrint reports every layout step (and its own stylesheets, on import) at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]  # noqa: E402

from zhicheng.serving import serve_bytes  # noqa: E402

log = logging.getLogger(__name__)

# Forms are built from the application's own data and a stylesheet inlined in the
# template: nothing is fetched, so no text typed by an applicant can make the server
# open a file or a URL.
NO_FETCH = URLFetcher(allowed_protocols=())


ATTEMPTS = 6


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    squeeze: float


def render(html: str) -> tuple[Any, int]:
    """The laid-out document and its page count."""
    document = HTML(string=html, base_url=None, url_fetcher=NO_FETCH).render()
    return document, len(document.pages)


def fit(make: Callable[[float, bool], str], pages: int) -> Rendered:
    """Render what `make` builds until the PDF has exactly `pages` pages.

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
    pdf = document.write_pdf()
    return Rendered(pdf=pdf, pages=count, squeeze=squeeze)


def pdf_response(pdf: bytes, filename: str, ascii_filename: str) -> HttpResponse:
    """The PDF shown in the browser (inline, sandboxed), named for saving, never cached."""
    return serve_bytes(pdf, filename, "application/pdf", ascii_name=ascii_filename)
