"""The section form's errors follow the GOV.UK pattern (issue 12 point 8, ADR 0040): a summary at
the top that takes focus and links to each field in error (a row's cells named by row), each
message beside its field under the id the field's aria-describedby names, the field marked, and
no aria-describedby on the page that names nothing — for a single section, a repeatable one,
增加一行 and a refused upload."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from applications.models import Application
from applications.tests.pages import signed_in, text
from conftest import upload


def section_url(app: Application, key: str) -> str:
    return reverse("applications:section", args=[app.pk, key])


def rows(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "section_version": 0,
        "rows-TOTAL_FORMS": len(items),
        "rows-INITIAL_FORMS": 0,
        **extra,
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"rows-{i}-{key}"] = value
    return data


def dangling(html: str) -> list[str]:
    """Every id named by an aria-describedby or aria-labelledby that no element has."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html)
    return [i for value in named for i in value.split() if i not in ids]


def summary_of(html: str) -> str:
    assert html.count("data-error-summary") == 1
    return html.split('id="section-error"', 1)[1].split("</div>", 1)[0]


def widget(html: str, name: str) -> str:
    """The opening tag of the input or select named `name`."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match is not None, name
    return match.group(0)


def test_a_refused_single_section_links_each_field_from_the_summary(
    client: Client, draft: Application
) -> None:
    response = signed_in(client, draft.applicant).post(
        section_url(draft, "basic"),
        {"section_version": 0, "sex": "", "work_start": "2015-13-45", "post": ""},
    )
    html = text(response)
    summary = summary_of(html)
    assert 'role="alert"' in html.split('id="section-error"', 1)[0].rsplit("<div", 1)[1]
    assert 'tabindex="-1"' in html.split('id="section-error"', 1)[0].rsplit("<div", 1)[1]
    assert "本栏目有填写错误" in summary
    assert '<a href="#id_sex">性别：请选择性别。</a>' in summary
    assert '<a href="#id_work_start">参加工作时间：' in summary
    # Beside the field: the message under the id its aria-describedby names, the field marked.
    tag = widget(html, "sex")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="id_sex_error"' in tag
    field = html.split('id="field-sex"', 1)[0].rsplit("<div", 1)[1]
    assert "has-error" in field
    assert '<div class="error" id="id_sex_error">' in html
    assert dangling(html) == []


def test_a_refused_row_is_named_by_its_number(client: Client, draft: Application) -> None:
    html = text(
        signed_in(client, draft.applicant).post(
            section_url(draft, "education"),
            rows({"school": "新疆大学", "years": 4}, {"school": "", "years": 20}),
        )
    )
    summary = summary_of(html)
    assert '<a href="#id_rows-1-school">第 2 行 毕业院校：请填写毕业院校。</a>' in summary
    assert '<a href="#id_rows-1-years">第 2 行 学制(年)：' in summary
    assert "id_rows-0-" not in summary  # the first row is fine
    tag = widget(html, "rows-1-years")
    assert 'aria-invalid="true"' in tag and "id_rows-1-years_error" in tag
    cell = html.split('id="id_rows-1-years_error"', 1)[0].rsplit("<td", 1)[1]
    assert 'class="has-error"' in cell
    assert dangling(html) == []


def test_a_hint_of_a_column_is_named_by_each_cell(client: Client, draft: Application) -> None:
    from catalog.models import TemplateField
    from catalog.templates import bump_revision

    TemplateField.objects.filter(section__template=draft.template, key="years").update(
        hint="按国家规定的学制填写"
    )
    bump_revision(draft.template_id)  # as every write to a template does
    html = text(signed_in(client, draft.applicant).get(section_url(draft, "education")))
    assert "id_rows-0-years_helptext" in widget(html, "rows-0-years")
    assert dangling(html) == []


def test_adding_a_row_draws_no_summary_and_names_nothing_missing(
    client: Client, draft: Application
) -> None:
    html = text(
        signed_in(client, draft.applicant).post(
            section_url(draft, "education"), rows({"school": "新疆大学", "years": 4}, add_row="1")
        )
    )
    assert "data-error-summary" not in html
    assert dangling(html) == []


def test_a_refused_upload_is_in_the_summary_and_beside_its_input(
    client: Client, draft: Application
) -> None:
    html = text(
        signed_in(client, draft.applicant).post(
            reverse("applications:upload", args=[draft.pk, "basic", "idcard"]),
            {"file": upload("empty.pdf", b"")},
        )
    )
    summary = summary_of(html)
    assert '<a href="#file-idcard">身份证：文件是空的' in summary
    tag = widget(html, "file")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="file-idcard-error"' in tag
    assert dangling(html) == []


def test_an_untouched_section_has_no_summary(client: Client, draft: Application) -> None:
    for key in ("basic", "education"):
        html = text(signed_in(client, draft.applicant).get(section_url(draft, key)))
        assert "data-error-summary" not in html
        assert dangling(html) == []
