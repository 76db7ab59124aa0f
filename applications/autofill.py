"""Plausible, valid answers for every section of a template — for demo data and benchmarks.

Each value is checked by the section's own form before it is saved through
`actions.save_section`, so what this writes is exactly what a careful applicant could.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from applications import actions
from applications.models import Application
from applications.sections import section_form_class, section_formset_class, serialise
from catalog.models import TemplateField, TemplateSection
from catalog.templates import template_version
from lib.files import CheckedUpload

SAMPLE_TEXT = {
    "text": "示例内容",  # i18n: data
    "textarea": "本人任现职以来，认真履行岗位职责，完成了规定的工作任务（示例数据）。",  # i18n: data
}


def sample_value(field: TemplateField) -> Any:
    t = TemplateField.Type
    if field.type in (t.TEXT, t.TEXTAREA):
        text = SAMPLE_TEXT[field.type]
        return text[: field.max_length] if field.max_length else text
    if field.type == t.INTEGER:
        return int(field.min_value) if field.min_value is not None else 3
    if field.type == t.DECIMAL:
        return str(field.min_value) if field.min_value is not None else "3.0"
    if field.type == t.DATE:
        return "2012-09-01"
    if field.type == t.MONTH:
        return "2012-09"
    if field.type == t.CHOICE:
        return field.choices[0] if field.choices else ""
    if field.type == t.MULTICHOICE:
        return field.choices[:1]
    if field.type == t.BOOLEAN:
        return "否"  # i18n: data
    if field.type == t.PHONE:
        return "13900000000"
    return ""


def section_answer(section: TemplateSection, fields: list[TemplateField]) -> dict[str, Any]:
    """A validated answer for one section, in the stored format."""
    row = {f.key: sample_value(f) for f in fields if f.type != TemplateField.Type.AUTO}
    if section.repeatable:
        data: dict[str, Any] = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
        data.update({f"form-0-{k}": v for k, v in row.items()})
        formset = section_formset_class(section, fields)(data=data)
        if not formset.is_valid():
            raise ValueError(f"{section.title}: {formset.errors} {formset.non_form_errors()}")
        return {"rows": [serialise(form.cleaned_data) for form in formset.forms]}
    form = section_form_class(section, fields)(data=row)
    if not form.is_valid():
        raise ValueError(f"{section.title}: {form.errors}")
    return serialise(form.cleaned_data)


def fill_application(app: Application, scan: CheckedUpload) -> Application:
    """Answer every applicant section and put the scan into every required slot."""
    applicant: User = app.applicant
    attachment = actions.store_attachment(applicant, scan)
    for section in template_version(app.template).applicant_sections:
        answer = section_answer(section, list(section.fields.all()))
        actions.save_section(applicant, app.pk, section.key, answer, expected_version=None)
        for slot in section.slots.all():
            if slot.required:
                actions.place_attachment(applicant, app.pk, section.key, slot.key, attachment)
    app.refresh_from_db()
    return app
