"""The form renderer: Django's own, with its simplest widget templates written directly.

Django draws every `<input>` and `<textarea>` through a template that includes a second one
for the attributes, each render looking both up and building a context; 办理's twelve comment
boxes spent ≈ 3 ms there, more than its database reads (ADR 0036). `FormRenderer` writes what
`django/forms/widgets/input.html` (and the templates that only include it: text, number,
date, hidden, checkbox …) and `textarea.html` write, byte for byte
(`zhicheng/tests/test_form_renderer.py` compares the two), and leaves everything else —
selects, radios, file inputs with a clear box, forms, fields — to the templates.

Only when the template the engine would use is Django's own file: a project or app that
overrides one of them gets its template, as before. A value the template would format in
a way not reproduced here (anything but text, numbers, booleans and lazy text) goes through
the template too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"
# The templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_FAMILY = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
    "input",
)
_PLAIN = (str, int, float, Promise)  # what `stringformat:'s'` writes as `str()` does


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, bool) or isinstance(value, _PLAIN)


def _attrs(attrs: dict[str, Any]) -> str:
    """As attrs.html: True → the bare name, False → left out, anything else `name="value"`."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> SafeString:
    value = widget["value"]
    shown = format_html(' value="{}"', value) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        mark_safe(shown),  # noqa: S308 - built by format_html
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308 - built by format_html
    )


def _textarea(widget: dict[str, Any]) -> SafeString:
    value = widget["value"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308 - built by format_html
        value if value else "",
    )


class FormRenderer(DjangoTemplates):
    """`settings.FORM_RENDERER`: Django's template renderer with the input family and the
    textarea written directly (same HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self._direct: dict[str, Callable[[dict[str, Any]], SafeString] | None] = {}

    def _drawer(self, template_name: str) -> Callable[[dict[str, Any]], SafeString] | None:
        """The direct writer for `template_name`, if it and what it includes are Django's own
        files (decided once per name and process)."""
        if template_name in self._direct:
            return self._direct[template_name]
        drawer: Callable[[dict[str, Any]], SafeString] | None = None
        if template_name.startswith(WIDGETS):
            stem = template_name[len(WIDGETS) :].removesuffix(".html")
            uses = None
            if stem in INPUT_FAMILY:
                drawer, uses = _input, {template_name, f"{WIDGETS}input.html"}
            elif stem == "textarea":
                drawer, uses = _textarea, {template_name}
            if uses is not None and not all(
                self._is_django_own(name) for name in uses | {f"{WIDGETS}attrs.html"}
            ):
                drawer = None
        self._direct[template_name] = drawer
        return drawer

    def _is_django_own(self, template_name: str) -> bool:
        origin = self.get_template(template_name).template.origin.name
        return Path(origin) == DJANGO_TEMPLATES / template_name

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        drawer = self._drawer(template_name)
        if (
            drawer is not None
            and isinstance(widget, dict)
            and _plain(value := widget.get("value"))
            # textarea.html writes its value localised: text only, which needs none.
            and (drawer is _input or value is None or isinstance(value, str))
            and all(_plain(attr) for attr in widget["attrs"].values())
        ):
            return drawer(widget)
        return super().render(template_name, context, request)
