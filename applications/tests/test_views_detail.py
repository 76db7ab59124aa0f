"""申请书信息 + 申请书步骤, and 查看修改意见."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from applications.tests.pages import returned, signed_in, text
from conftest import APPLICANT_ID


def test_the_detail_page_shows_every_section_and_the_steps(
    client: Client, submitted: Application
) -> None:
    html = text(
        signed_in(client, submitted.applicant).get(
            reverse("applications:detail", args=[submitted.pk])
        )
    )
    assert "申请书信息" in html and "申请书步骤" in html
    assert "1 基本信息" in html and "[性别]</dt><dd>女" in html and "新疆大学" in html
    assert "身份证.png" in html
    history = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    assert history.count("<tr>") == 3  # header, 新增, 提交
    assert (
        "张三" in history
        and "申请人" in history
        and "基层工作单位" in history
        and "提交" in history
    )


def test_the_detail_page_shows_the_holder_their_own_id_number(
    client: Client, draft: Application
) -> None:
    from catalog.models import TemplateField, TemplateSection
    from catalog.templates import bump_revision

    section = TemplateSection.objects.get(template=draft.template, key="basic")
    TemplateField.objects.create(
        section=section, position=9, key="id_number", label="身份证号", type="auto"
    )
    bump_revision(draft.template_id)  # as every write to a template does
    html = text(
        signed_in(client, draft.applicant).get(reverse("applications:detail", args=[draft.pk]))
    )
    assert APPLICANT_ID in html


def test_the_opinions_page_shows_the_return_and_comments_in_red(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    returned(submitted, unit_admin, comment="单位性质选择错误", opinion="请认真填写基本信息")
    html = text(
        signed_in(client, submitted.applicant).get(
            reverse("applications:opinions", args=[submitted.pk])
        )
    )
    assert "[基层工作单位]退回意见" in html and '<p class="returned">请认真填写基本信息</p>' in html
    assert '<p class="section-comment">[基层工作单位]修改意见：单位性质选择错误</p>' in html
    assert reverse("applications:section", args=[submitted.pk, "basic"]) in html
    detail = text(client.get(reverse("applications:detail", args=[submitted.pk])))
    assert "单位性质选择错误" in detail and "退回：请认真填写基本信息" in detail
    edit = text(client.get(reverse("applications:edit", args=[submitted.pk])))
    assert 'id="return-banner"' in edit and "请认真填写基本信息" in edit


def test_comments_of_an_earlier_round_are_not_shown_as_current(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    from applications.tests.pages import resubmitted

    app = resubmitted(returned(submitted, unit_admin, comment="第一轮意见"))
    html = text(
        signed_in(client, app.applicant).get(reverse("applications:opinions", args=[app.pk]))
    )
    assert "第一轮意见" not in html
