"""`{% form_field field %}`: one form field — label, widget, hint and its errors right beside it.

What templates/includes/field.html draws for every field of every form (docs/adr/0040-
accessibility-checks.md): Django marks the widget aria-invalid="true" and points its
aria-describedby at "<id>_helptext" and "<id>_error", which are the ids written here; radio
and checkbox groups sit in a fieldset whose legend is the label. Written in Python because a
section page draws a dozen of them and the template's lookups were a sixth of the page
(ADR 0036); `zhicheng/tests/test_fields.py` compares it with the template it replaced.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

REQUIRED_MARK = '<span class="req" aria-hidden="true">*</span>'


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    required = field.field.required
    errors = field.errors
    help_text = field.help_text
    label = conditional_escape(field.label)
    widget = str(field)  # BoundField.__str__: the widget's HTML, already safe
    auto_id = conditional_escape(field.auto_id)
    mark = REQUIRED_MARK if required else ""
    if field.widget_type == "checkbox":
        body = f'\n    <label class="check">{widget} {label}</label>\n  '
    elif field.use_fieldset:
        described = ""
        if field.auto_id and (help_text or errors):
            ids = " ".join(
                [f"{auto_id}_helptext"] * bool(help_text) + [f"{auto_id}_error"] * bool(errors)
            )
            described = f' aria-describedby="{ids}"'
        body = (
            f'\n    <fieldset class="field-group"{described}>\n'
            f"      <legend>{label}{mark}</legend>\n"
            f"      {widget}\n"
            "    </fieldset>\n  "
        )
    else:
        target = conditional_escape(field.id_for_label)
        body = f'\n    <label for="{target}">{label}{mark}</label>\n    {widget}\n  '
    hint = (
        f'<p class="hint" id="{auto_id}_helptext">{conditional_escape(help_text)}</p>'
        if help_text
        else ""
    )
    said = field_errors(field)
    classes = "field" + (" has-error" if errors else "") + (" required" if required else "")
    html_name = conditional_escape(field.html_name)
    return mark_safe(  # noqa: S308 - every value escaped above
        f'\n<div class="{classes}" id="field-{html_name}">\n  {body}\n  {hint}\n  {said}\n</div>\n'
    )


@register.simple_tag
def field_errors(field: BoundField) -> SafeString:
    """`{% field_errors field %}` (includes/field_error.html, and inside `form_field`): the
    field's messages with the id Django's aria-describedby names ("<id>_error"); nothing
    when it has none."""
    if not field.errors:
        return SafeString()
    prefix = conditional_escape(gettext("错误："))
    said = "".join(
        f'<p><span class="visually-hidden">{prefix}</span>{conditional_escape(str(error))}</p>'
        for error in field.errors
    )
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="error" id="{conditional_escape(field.auto_id)}_error">{said}</div>'
    )
