"""The form renderer: Django's own, with its simplest widget templates written directly.

Django draws every widget through a template that includes a second one for the attributes
(and one more per option of a select or a radio group), each render looking them up and
building a context; 办理's twelve comment boxes spent ≈ 3 ms there, more than its database
reads, and a section's select of 80 places 170 template includes (ADR 0036). `FormRenderer`
writes what `django/forms/widgets/input.html` (and the templates that only include it: text,
number, date, hidden, checkbox …), `textarea.html`, `select.html` and `multiple_input.html`
(radios, checkbox groups) write, byte for byte (`zhicheng/tests/test_form_renderer.py`
compares the two), and leaves everything else — file inputs with a clear box, multi-part
widgets, forms — to the templates.

Only when the template the engine would use is Django's own file: a project or app that
overrides one of them gets its template, as before. A value or label the template would
format in a way not reproduced here (a tuple, a list, a date or number label) goes through
the template too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
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


def _select(widget: dict[str, Any]) -> SafeString:
    """select.html with select_option.html: every option written in one pass (a section's
    select of 80 places was 170 template includes)."""
    attrs = mark_safe(_attrs(widget["attrs"]))  # noqa: S308 - built by format_html
    parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], attrs)]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(format_html('\n  <optgroup label="{}">', group))
        parts.extend(
            # Each option's template ends in a newline, as Django draws it.
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                option["value"],
                mark_safe(_attrs(option["attrs"])),  # noqa: S308 - built by format_html
                option["label"],
            )
            for option in options
        )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


def _option(option: dict[str, Any]) -> str:
    """radio_option.html / checkbox_option.html (input_option.html): the input, wrapped in
    its label; each template's closing newline kept, as Django draws it."""
    field = _input(option)
    if not option["wrap_label"]:
        return f"{field}\n\n\n"
    target = option["attrs"].get("id")
    opening = format_html('<label for="{}">', target) if target else "<label>"
    return f"{opening}{field}\n {conditional_escape(option['label'])}</label>\n\n"


def _choices(widget: dict[str, Any]) -> SafeString:
    """multiple_input.html (radio.html, checkbox_select.html): one <div> per option, option
    groups in a <div> of their own."""
    attrs = widget["attrs"]
    parts = [
        "<div",
        format_html(' id="{}"', attrs["id"]) if attrs.get("id") else "",
        format_html(' class="{}"', attrs["class"]) if attrs.get("class") else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(format_html("\n  <div><label>{}</label>", group))
        parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


def _plain_attrs(attrs: dict[str, Any]) -> bool:
    return all(_plain(value) for value in attrs.values())


def _text(value: Any) -> bool:
    """What `{{ value }}` writes as `escape(str(value))` does (no localisation)."""
    return isinstance(value, (str, Promise))


def _fits_input(widget: dict[str, Any]) -> bool:
    return _plain(widget["value"]) and _plain_attrs(widget["attrs"])


def _fits_textarea(widget: dict[str, Any]) -> bool:
    # textarea.html writes its value localised: text only, which needs none.
    value = widget["value"]
    return (value is None or isinstance(value, str)) and _plain_attrs(widget["attrs"])


OPTION_TEMPLATES = frozenset({f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"})


def _fits_options(widget: dict[str, Any], templates: frozenset[str]) -> bool:
    """Every option drawn by one of `templates`, with values, labels, group names and
    attributes the direct writers write as the templates do."""
    if not _plain_attrs(widget["attrs"]):
        return False
    for group, options, _index in widget["optgroups"]:
        if group and not _text(group):
            return False
        for option in options:
            if not (
                option.get("template_name") in templates
                and _plain(option["value"])
                and _text(option["label"])
                and _plain_attrs(option["attrs"])
            ):
                return False
    return True


def _fits_choices(widget: dict[str, Any]) -> bool:
    return _fits_options(widget, OPTION_TEMPLATES)


def _fits_select(widget: dict[str, Any]) -> bool:
    return _fits_options(widget, frozenset({f"{WIDGETS}select_option.html"}))


Drawer = tuple[Callable[[dict[str, Any]], SafeString], Callable[[dict[str, Any]], bool]]
INPUT_USES = ("input.html", "attrs.html")
CHOICE_USES = (
    "multiple_input.html",
    "radio_option.html",
    "checkbox_option.html",
    "input_option.html",
    *INPUT_USES,
)


class FormRenderer(DjangoTemplates):
    """`settings.FORM_RENDERER`: Django's template renderer with the input family, the
    textarea, selects, radios and checkbox groups written directly (same HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self._direct: dict[str, Drawer | None] = {}

    def _drawer(self, template_name: str) -> Drawer | None:
        """The direct writer for `template_name` and the check of a widget it can write, if
        the template and what it includes are Django's own files (decided once per name)."""
        if template_name in self._direct:
            return self._direct[template_name]
        found: Drawer | None = None
        uses: tuple[str, ...] = ()
        stem = template_name[len(WIDGETS) :].removesuffix(".html")
        if template_name.startswith(WIDGETS):
            if stem in INPUT_FAMILY:
                found, uses = (_input, _fits_input), INPUT_USES
            elif stem == "textarea":
                found, uses = (_textarea, _fits_textarea), ("attrs.html",)
            elif stem in ("radio", "checkbox_select"):
                found, uses = (_choices, _fits_choices), CHOICE_USES
            elif stem == "select":
                found, uses = (_select, _fits_select), ("select_option.html", "attrs.html")
        if found is not None and not all(
            self._is_django_own(name)
            for name in (template_name, *(f"{WIDGETS}{used}" for used in uses))
        ):
            found = None
        self._direct[template_name] = found
        return found

    def _is_django_own(self, template_name: str) -> bool:
        origin = self.get_template(template_name).template.origin.name
        return Path(origin) == DJANGO_TEMPLATES / template_name

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        found = self._drawer(template_name)
        if found is not None and isinstance(widget, dict):
            draw, fits = found
            if fits(widget):
                return draw(widget)
        return super().render(template_name, context, request)
