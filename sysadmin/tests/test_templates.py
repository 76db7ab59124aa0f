"""申请书模板: a template in use is copied to a new version; an unused one is edited in place."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from catalog import templates as catalog_templates
from catalog.models import FormTemplate, Series, TemplateField, TemplateSection
from lib import stale
from lib.refusal import Refused
from sysadmin import actions
from sysadmin.tests.helpers import count_queries, formset, text


def field(position: int, key: str, label: str, type_: str = "text", **extra: Any) -> dict[str, Any]:
    return {
        "position": str(position),
        "key": key,
        "label": label,
        "type": type_,
        "hint": "",
        "choices": "",
        "min_value": "",
        "max_value": "",
        "max_length": "",
        **extra,
    }


def section_post(
    section: TemplateSection | None, fields: list[dict[str, Any]], **facts: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": catalog_templates.section_token(section),
        "position": str(section.position if section else 9),
        "key": section.key if section else "extra",
        "title": section.title if section else "其他",
        "hint": "",
        "max_rows": "20",
        "required": "on",
        **facts,
    }
    data.update(formset("fields", fields))
    data.update(formset("slots", []))
    return data


def basic(template: FormTemplate) -> TemplateSection:
    return template.sections.get(key="basic")


def test_an_unused_template_is_edited_in_place(
    client: Client, hr_admin: User, template: FormTemplate
) -> None:
    client.force_login(hr_admin)
    section = basic(template)
    response = client.post(
        reverse("sysadmin:section_edit", args=[template.pk, section.pk]),
        section_post(
            section,
            [field(1, "sex", "性别", "choice", choices="男\n女\n"), field(2, "nation", "民族")],
            title="基本情况",
        ),
    )
    assert response.status_code == 302
    assert FormTemplate.objects.count() == 1
    section.refresh_from_db()
    assert section.title == "基本情况"
    assert [(f.key, f.choices) for f in section.fields.all()] == [
        ("sex", ["男", "女"]),
        ("nation", []),
    ]


def test_a_template_in_use_is_copied_and_the_copy_edited(
    client: Client, hr_admin: User, submitted: Application, template: FormTemplate
) -> None:
    before = {
        s.key: (s.title, [f.key for f in s.fields.all()], [a.key for a in s.slots.all()])
        for s in template.sections.all()
    }
    client.force_login(hr_admin)
    section = basic(template)
    response = client.post(
        reverse("sysadmin:section_edit", args=[template.pk, section.pk]),
        section_post(section, [field(1, "nation", "民族", required="on")], title="基本情况"),
    )
    assert response.status_code == 302
    copy = FormTemplate.objects.exclude(pk=template.pk).get()
    assert response["Location"] == reverse("sysadmin:template", args=[copy.pk])
    assert (copy.year, copy.version, copy.is_published) == (template.year, 2, False)
    # The original is untouched, and the application still uses it.
    after = {
        s.key: (s.title, [f.key for f in s.fields.all()], [a.key for a in s.slots.all()])
        for s in template.sections.all()
    }
    assert after == before
    submitted.refresh_from_db()
    assert submitted.template_id == template.pk
    # The copy has every section, field and slot, with the change applied to its 基本信息.
    copied = {s.key: s for s in copy.sections.all()}
    assert set(copied) == {"basic", "education", "recommendation"}
    assert copied["basic"].title == "基本情况"
    assert [f.key for f in copied["basic"].fields.all()] == ["nation"]
    assert [a.key for a in copied["basic"].slots.all()] == []
    assert [f.key for f in copied["education"].fields.all()] == ["school", "years"]
    edu_years = copied["education"].fields.get(key="years")
    assert (edu_years.min_value, edu_years.max_value) == (Decimal(1), Decimal(8))


def test_the_facts_of_a_template_in_use_go_to_a_copy(
    client: Client, hr_admin: User, draft: Application, template: FormTemplate
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(reverse("sysadmin:template", args=[template.pk])))
    assert "该模板已有申请书使用" in page
    response = client.post(
        reverse("sysadmin:template", args=[template.pk]),
        {"name": "新名称", "is_published": "on", "version": stale.token(template)},
    )
    assert response.status_code == 302, response.context["form"].errors
    template.refresh_from_db()
    assert template.name == "社会科学研究申请书" and template.is_published
    copy = FormTemplate.objects.exclude(pk=template.pk).get()
    assert copy.name == "新名称" and not copy.is_published
    assert copy.sections.count() == 3


def test_publishing_an_unused_copy(client: Client, hr_admin: User, template: FormTemplate) -> None:
    copy = actions.copy_template(hr_admin, template.pk)
    client.force_login(hr_admin)
    client.post(
        reverse("sysadmin:template", args=[copy.pk]),
        {"name": copy.name, "is_published": "on", "version": stale.token(copy)},
    )
    copy.refresh_from_db()
    assert copy.is_published and FormTemplate.objects.count() == 2


def test_copy_to_a_new_year(client: Client, hr_admin: User, template: FormTemplate) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:template_copy", args=[template.pk]), {"year": str(template.year + 1)}
    )
    copy = FormTemplate.objects.get(year=template.year + 1)
    assert response["Location"] == reverse("sysadmin:template", args=[copy.pk])
    assert copy.version == 1
    assert TemplateField.objects.filter(section__template=copy).count() == 6


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([field(1, "a", "甲"), field(2, "a", "乙")], "标识不能重复"),
        ([field(1, "sex", "性别", "choice")], "至少要有一个选项"),
        ([field(1, "n", "人数", "integer", min_value="5", max_value="1")], "最大值不能小于最小值"),
    ],
)
def test_it_rejects_a_bad_section(
    client: Client,
    hr_admin: User,
    template: FormTemplate,
    fields: list[dict[str, Any]],
    message: str,
) -> None:
    client.force_login(hr_admin)
    section = basic(template)
    response = client.post(
        reverse("sysadmin:section_edit", args=[template.pk, section.pk]),
        section_post(section, fields),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert [f.key for f in section.fields.all()] == ["number", "sex", "work_start", "post"]


def test_a_section_key_must_be_unique_in_the_template(
    client: Client, hr_admin: User, template: FormTemplate
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:section_create", args=[template.pk]),
        section_post(None, [], key="education", position="9"),
    )
    assert "栏目标识不能重复" in text(response)
    assert template.sections.count() == 3


def test_actions_also_refuse_bad_fields(hr_admin: User, template: FormTemplate) -> None:
    section = basic(template)
    facts = catalog_templates.SectionData(position=1, key="basic", title="基本信息")
    with pytest.raises(Refused, match="选项"):
        actions.save_section(
            hr_admin,
            template.pk,
            facts,
            [catalog_templates.FieldData(1, "c", "选", type="choice")],
            [],
            section_id=section.pk,
            version=catalog_templates.section_token(section),
        )


def test_adding_a_section(client: Client, hr_admin: User, template: FormTemplate) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:section_create", args=[template.pk]),
        section_post(None, [field(1, "note", "说明", "textarea")]),
    )
    assert response.status_code == 302
    extra = template.sections.get(key="extra")
    assert [f.key for f in extra.fields.all()] == ["note"]


def test_a_stale_section_form_is_refused(
    client: Client, hr_admin: User, template: FormTemplate
) -> None:
    section = basic(template)
    data = section_post(section, [field(1, "x", "X")])
    TemplateField.objects.filter(section=section, key="post").update(label="职务")
    client.force_login(hr_admin)
    response = client.post(reverse("sysadmin:section_edit", args=[template.pk, section.pk]), data)
    assert "已被他人修改" in text(response)
    assert section.fields.count() == 4


def test_prefecture_admin_may_only_look(
    client: Client, kashgar_hr: User, template: FormTemplate
) -> None:
    client.force_login(kashgar_hr)
    assert client.get(reverse("sysadmin:templates")).status_code == 200
    assert client.get(reverse("sysadmin:template", args=[template.pk])).status_code == 200
    section = basic(template)
    assert (
        client.get(reverse("sysadmin:section_edit", args=[template.pk, section.pk])).status_code
        == 403
    )
    assert client.post(reverse("sysadmin:template_copy", args=[template.pk])).status_code == 403
    assert FormTemplate.objects.count() == 1


def test_create_an_empty_template(client: Client, hr_admin: User, series: Series) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:template_create"),
        {"series": str(series.pk), "business_type": "special", "year": "2030", "name": "特殊人才"},
    )
    tpl = FormTemplate.objects.get(year=2030)
    assert response["Location"] == reverse("sysadmin:template", args=[tpl.pk])
    assert not tpl.is_published and tpl.business_type == "special"


@pytest.mark.parametrize("count", [1, 30])
def test_template_list_has_constant_queries(
    client: Client, hr_admin: User, series: Series, count: int
) -> None:
    for i in range(count):
        FormTemplate.objects.create(series=series, year=2000 + i, name=f"模板{i}")
    client.force_login(hr_admin)
    assert count_queries(client, reverse("sysadmin:templates")) == 10
    assert text(client.get(reverse("sysadmin:templates"))).count("查看/修改") == count


def as_post(initial: dict[str, Any]) -> dict[str, str]:
    out = {}
    for k, v in initial.items():
        if v is True:
            out[k] = "on"
        elif v is not None and v is not False:
            out[k] = str(v)
    return out


def test_resaving_a_section_unchanged_keeps_its_fields(
    client: Client, hr_admin: User, template: FormTemplate
) -> None:
    client.force_login(hr_admin)
    section = template.sections.get(key="education")
    url = reverse("sysadmin:section_edit", args=[template.pk, section.pk])
    page = client.get(url)
    data = as_post(page.context["form"].initial)
    fields = [as_post(f.initial) for f in page.context["fields"].initial_forms]
    data.update(formset("fields", fields, initial=len(fields)))
    data.update(formset("slots", []))
    assert client.post(url, data).status_code == 302
    assert [(f.key, f.required, f.min_value, f.max_value) for f in section.fields.all()] == [
        ("school", True, None, None),
        ("years", True, Decimal(1), Decimal(8)),
    ]
