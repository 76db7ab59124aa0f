"""Bidirectional text (docs/adr/0035-uyghur-and-rtl.md): in a right-to-left page, numbers,
dates, ID and application numbers and Chinese names stay left to right as one isolated run.

``{{ app.number|ltr }}`` → ``<bdi dir="ltr" class="ltr">…</bdi>`` (escaped; empty stays empty).
``{% localname region %}`` → the reference row's name in the active language.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zhicheng.localnames import local_name

register = template.Library()


@register.filter
def ltr(value: Any) -> SafeString | str:
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr" class="ltr">{}</bdi>', value)


@register.simple_tag
def localname(row: Any, field: str = "name") -> str:
    return local_name(row, field)


@register.filter
def local(row: Any, field: str = "name") -> str:
    """``{{ section|local:"title" }}``: the row's name in the active language."""
    return local_name(row, field)
