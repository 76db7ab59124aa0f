"""Widgets drawn without a template per option.

Django draws a `<select>` through one template for the select and one more per option (each
with its own attributes template): a section whose select offers 80 choices spent more time
there than in everything else on the page (ADR 0036). `ListSelect` writes the same HTML as
Django's `select.html`/`select_option.html` (tested byte for byte against them) directly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """As django/forms/widgets/attrs.html: True → the bare name, False → left out."""
    return mark_safe(  # noqa: S308 - every part built by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class ListSelect(forms.Select):
    """A select whose options are written in one pass (same HTML as Django's templates)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        # Each option's template ends in a newline, as Django draws it.
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
