"""Unit administration pages: 单位信息, 完善单位信息, 变更单位名称, 推荐单位, the licence scan,
and hr_admin's 疑似重复单位 list."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]
from PIL import Image

from accounts.models import User
from audit.models import AuditEvent
from conftest import make_pdf, make_png, make_unit, upload
from lib import stale
from lib.files import MAX_UPLOAD_BYTES
from orgs.models import BaseUnit, Department, Region, SimilarUnitFlag, UnitNameChange

pytestmark = pytest.mark.django_db

UNIT_PAGES = ["orgs:unit", "orgs:unit_complete", "orgs:unit_rename", "orgs:unit_recommenders"]
NEW_CODE = "91650100MA77XY123G"
OTHER_CODE = "91650100MA77XY124K"


def text(response: Any) -> str:
    return response.content.decode()


def fresh(unit: BaseUnit) -> BaseUnit:
    return BaseUnit.objects.get(pk=unit.pk)


# --- who may open what -------------------------------------------------------------------


@pytest.mark.parametrize("name", [*UNIT_PAGES, "orgs:similar_units"])
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", UNIT_PAGES)
@pytest.mark.parametrize("who", ["applicant", "dept_reviewer", "committee_staff", "hr_admin"])
def test_other_roles_may_not_open_unit_pages(
    client: Client, request: Any, name: str, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 403


@pytest.mark.parametrize("name", UNIT_PAGES)
def test_unit_admin_opens_unit_pages(client: Client, unit_admin: User, name: str) -> None:
    client.force_login(unit_admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "新疆财经大学" in text(response)


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_only_hr_admin_opens_similar_units(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("orgs:similar_units")).status_code == 403


def test_hr_admin_opens_similar_units(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    response = client.get(reverse("orgs:similar_units"))
    assert response.status_code == 200
    assert "没有待处理的疑似重复单位" in text(response)


# --- 单位信息 --------------------------------------------------------------------------------


def test_unit_page_shows_every_fact(
    client: Client, unit_admin: User, unit_a: BaseUnit, department: Department
) -> None:
    unit_a.recommending_units.add(department)
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit")))
    for fact in [
        "新疆财经大学",
        "126500004580000403",
        unit_a.number,
        "乌鲁木齐市",
        "地州级单位",
        "乌鲁木齐市天山区人民路1号",
        "李法人",
        "0991-1234567",
        "张负责",
        "13900000001",
        "王联系",
        "乌鲁木齐市人社局",
        reverse("orgs:licence", args=[unit_a.pk]),
        "暂无变更记录",
    ]:
        assert fact in page
    assert "banner-warning" not in page


def test_banner_shows_while_incomplete_and_goes_after_completing(
    client: Client, regions: dict[str, Region]
) -> None:
    unit = make_unit(regions["urumqi"], "乌鲁木齐市第一中学", NEW_CODE, complete=False)
    admin = User.objects.create(username="school_admin", role="unit_admin", unit=unit)
    client.force_login(admin)
    page = text(client.get(reverse("orgs:unit")))
    assert 'class="banner banner-warning"' in page
    assert "单位信息未完善，完善前不能审核申报材料" in page
    assert reverse("orgs:unit_complete") in page

    response = client.post(reverse("orgs:unit_complete"), complete_data(unit), follow=True)
    assert "单位信息已保存" in text(response)
    assert fresh(unit).is_complete
    assert "banner-warning" not in text(client.get(reverse("orgs:unit")))


# --- 完善单位信息 ----------------------------------------------------------------------------


def complete_data(unit: BaseUnit, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "address": "乌鲁木齐市沙依巴克区友好北路 8 号",
        "postcode": "830000",
        "phone": "0991-7654321",
        "legal_representative": "阿不都·热合曼",
        "nature": "prefecture",
        "county": "",
        "hr_person": "古丽",
        "hr_mobile": "13999990000",
        "contact_name": "王联系",
        "contact_mobile": "13900000000",
        "version": stale.token(fresh(unit)),
    }
    data.update(overrides)
    return data


def test_completing_saves_every_field(
    client: Client, unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    client.force_login(unit_admin)
    data = complete_data(
        unit_a, county=regions["tianshan"].pk, nature="county", phone="13812345678"
    )
    response = client.post(reverse("orgs:unit_complete"), data)
    assert response.status_code == 302
    unit = fresh(unit_a)
    assert unit.address == "乌鲁木齐市沙依巴克区友好北路 8 号"
    assert unit.legal_representative == "阿不都·热合曼"
    assert unit.phone == "13812345678"
    assert unit.postcode == "830000"
    assert unit.county == regions["tianshan"]
    assert unit.nature == "county"
    assert unit.hr_person == "古丽"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hr_mobile", "12345678901", "11 位手机号码"),
        ("hr_mobile", "1390000000", "11 位手机号码"),
        ("contact_mobile", "abc", "11 位手机号码"),
        ("phone", "12345", "带区号的固定电话"),
        ("postcode", "83000", "邮政编码为 6 位数字"),
        ("postcode", "83000a", "邮政编码为 6 位数字"),
        ("address", "<script>alert(1)</script>", "不能包含 &lt; 或 &gt;"),
        ("address", "   ", "请输入单位地址"),
        ("address", "\u3000\u3000", "请输入单位地址"),
        ("hr_person", "古丽\u202e", "不可见的控制字符"),
        ("legal_representative", "李\x00四", "不可见的控制字符"),
        ("legal_representative", "<b>李</b>", "&lt;"),
        ("address", "路" * 201, "不能超过 200 个字"),
    ],
)
def test_bad_details_are_refused_beside_the_field(
    client: Client, unit_admin: User, unit_a: BaseUnit, field: str, value: str, message: str
) -> None:
    client.force_login(unit_admin)
    before = fresh(unit_a)
    response = client.post(reverse("orgs:unit_complete"), complete_data(unit_a, **{field: value}))
    assert response.status_code == 200
    page = text(response)
    assert f'id="field-{field}"' in page
    block = page.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
    assert message in block
    # What was typed elsewhere is kept.
    assert "阿不都·热合曼" in page or field == "legal_representative"
    after = fresh(unit_a)
    assert (after.address, after.phone, after.hr_mobile, after.updated_at) == (
        before.address,
        before.phone,
        before.hr_mobile,
        before.updated_at,
    )


def test_county_of_another_region_is_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_complete"), complete_data(unit_a, county=regions["yuepuhu"].pk)
    )
    assert "所选县(市、区)不属于本单位所在地区" in text(response)
    assert fresh(unit_a).county is None


def test_only_counties_of_the_units_region_are_offered(
    client: Client, unit_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit_complete")))
    assert "天山区" in page
    assert "岳普湖县" not in page


def test_stale_completion_is_refused(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    data = complete_data(unit_a, address="甲地址")
    # Another admin of the unit saves in the meantime.
    client.post(reverse("orgs:unit_complete"), complete_data(unit_a, address="乙地址"))
    response = client.post(reverse("orgs:unit_complete"), data)
    assert response.status_code == 200
    assert "在您打开此页面后已被修改" in text(response)
    assert "甲地址" in text(response)  # kept for the user to copy
    assert fresh(unit_a).address == "乙地址"


def png_of_size(size: int) -> bytes:
    """A real PNG of exactly `size` bytes: noise (so it does not compress) trimmed to size by a text chunk."""
    import struct
    import zlib

    image = Image.frombytes(
        "RGB", (300, 300), bytes((i * 7919) % 251 for i in range(300 * 300 * 3))
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    data = out.getvalue()
    end = data.rindex(b"IEND") - 4
    pad = size - len(data) - 12
    assert pad >= 0
    body = b"tEXt" + b"c\x00" + b"x" * (pad - 2)
    chunk = struct.pack(">I", pad) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    result = data[:end] + chunk + data[end:]
    assert len(result) == size
    return result


def test_licence_can_be_replaced(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    data = complete_data(unit_a, licence=upload("营业执照 2024.pdf", make_pdf(), "application/pdf"))
    response = client.post(reverse("orgs:unit_complete"), data)
    assert response.status_code == 302
    unit = fresh(unit_a)
    assert unit.licence_scan_name == "营业执照 2024.pdf"
    assert unit.licence_scan.name.endswith(".pdf")
    with unit.licence_scan.open("rb") as fh:
        assert fh.read().startswith(b"%PDF-")


def test_oversize_licence_is_refused(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    big = make_pdf() + b"%" + b"0" * (MAX_UPLOAD_BYTES + 1 - len(make_pdf()) - 1)
    assert len(big) == MAX_UPLOAD_BYTES + 1
    response = client.post(
        reverse("orgs:unit_complete"),
        complete_data(unit_a, licence=upload("big.pdf", big, "application/pdf")),
    )
    assert "文件不能超过 2MB" in text(response)
    assert fresh(unit_a).licence_scan.name == "licences/test.png"


def test_fake_pdf_licence_is_refused(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    html = b"<html><script>alert(1)</script></html>"
    response = client.post(
        reverse("orgs:unit_complete"),
        complete_data(unit_a, licence=upload("licence.pdf", html, "application/pdf")),
    )
    assert "只能上传 JPG、PNG 图片或 PDF 文件" in text(response)
    assert fresh(unit_a).licence_scan.name == "licences/test.png"


def test_licence_of_exactly_two_megabytes_is_accepted(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)
    pdf = make_pdf()
    # A PDF with trailing comment bytes up to the limit is still a sound PDF.
    exact = pdf + b"\n%" + b"0" * (MAX_UPLOAD_BYTES - len(pdf) - 2)
    assert len(exact) == MAX_UPLOAD_BYTES
    response = client.post(
        reverse("orgs:unit_complete"),
        complete_data(unit_a, licence=upload("exact.pdf", exact, "application/pdf")),
    )
    assert response.status_code == 302
    assert fresh(unit_a).licence_scan_name == "exact.pdf"


def test_png_licence_of_exactly_two_megabytes_is_accepted(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)
    exact = png_of_size(MAX_UPLOAD_BYTES)
    response = client.post(
        reverse("orgs:unit_complete"),
        complete_data(unit_a, licence=upload("scan.png", exact, "image/png")),
    )
    assert response.status_code == 302
    assert fresh(unit_a).licence_scan_name == "scan.png"


def test_png_licence_one_byte_over_is_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)
    over = png_of_size(MAX_UPLOAD_BYTES + 1)
    response = client.post(
        reverse("orgs:unit_complete"),
        complete_data(unit_a, licence=upload("scan.png", over, "image/png")),
    )
    assert "文件不能超过 2MB" in text(response)


def test_licence_is_required_when_none_on_file(client: Client, regions: dict[str, Region]) -> None:
    unit = make_unit(regions["urumqi"], "乌鲁木齐市第二中学", NEW_CODE, complete=False)
    BaseUnit.objects.filter(pk=unit.pk).update(licence_scan="")
    admin = User.objects.create(username="school2_admin", role="unit_admin", unit=unit)
    client.force_login(admin)
    response = client.post(reverse("orgs:unit_complete"), complete_data(unit))
    assert "请上传营业执照或法人证书扫描件" in text(response)
    assert not fresh(unit).is_complete


# --- the licence scan ----------------------------------------------------------------------


def store_licence(unit: BaseUnit, content: bytes, name: str) -> None:
    unit.licence_scan.save(name, ContentFile(content), save=False)
    unit.licence_scan_name = name
    unit.save()


def test_unit_admin_sees_own_licence_inline(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    store_licence(unit_a, make_png(), "执照.png")
    client.force_login(unit_admin)
    response = client.get(reverse("orgs:licence", args=[unit_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    assert response.getvalue().startswith(b"\x89PNG")


def test_pdf_licence_is_served_as_pdf(client: Client, hr_admin: User, unit_a: BaseUnit) -> None:
    store_licence(unit_a, make_pdf(), "licence.pdf")
    client.force_login(hr_admin)
    response = client.get(reverse("orgs:licence", args=[unit_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")


def test_admin_of_unit_b_never_sees_unit_a_licence(
    client: Client, other_unit_admin: User, unit_a: BaseUnit
) -> None:
    store_licence(unit_a, make_png(), "执照.png")
    client.force_login(other_unit_admin)
    assert client.get(reverse("orgs:licence", args=[unit_a.pk])).status_code == 404


@pytest.mark.parametrize("who", ["applicant", "dept_reviewer", "committee_staff"])
def test_other_roles_get_404_for_a_licence(
    client: Client, request: Any, unit_a: BaseUnit, who: str
) -> None:
    store_licence(unit_a, make_png(), "执照.png")
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("orgs:licence", args=[unit_a.pk])).status_code == 404


def test_licence_of_unknown_unit_is_404(client: Client, unit_admin: User) -> None:
    client.force_login(unit_admin)
    assert client.get(reverse("orgs:licence", args=[999999])).status_code == 404


def test_missing_licence_file_is_404_not_500(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)  # the fixture names a file that was never stored
    assert client.get(reverse("orgs:licence", args=[unit_a.pk])).status_code == 404


# --- 变更单位名称 ----------------------------------------------------------------------------


def rename_data(unit: BaseUnit, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "new_name": unit.name,
        "new_uscc": unit.uscc,
        "reason": "单位更名",
        "version": stale.token(fresh(unit)),
    }
    data.update(overrides)
    return data


def test_rename_keeps_history(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_rename"),
        rename_data(unit_a, new_name="新疆财经学院", new_uscc=NEW_CODE, reason="学校更名"),
        follow=True,
    )
    page = text(response)
    assert "单位名称已变更" in page
    unit = fresh(unit_a)
    assert (unit.name, unit.uscc) == ("新疆财经学院", NEW_CODE)
    change = UnitNameChange.objects.get(unit=unit)
    assert (change.old_name, change.old_uscc, change.new_name, change.new_uscc) == (
        "新疆财经大学",
        "126500004580000403",
        "新疆财经学院",
        NEW_CODE,
    )
    assert change.changed_by == unit_admin
    assert change.reason == "学校更名"
    # The history table on 单位信息 shows the old values.
    assert "126500004580000403" in page and "学校更名" in page and "单位A管理员" in page


def test_rename_page_shows_history(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    UnitNameChange.objects.create(
        unit=unit_a,
        old_name="财经学院旧名",
        old_uscc="126500004580000403",
        new_name=unit_a.name,
        new_uscc=unit_a.uscc,
        reason="更名",
        changed_by=unit_admin,
    )
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit_rename")))
    assert "财经学院旧名" in page
    assert "data-confirm" in page


def test_lowercase_code_is_accepted_and_normalised(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_rename"), rename_data(unit_a, new_uscc=" " + NEW_CODE.lower() + " ")
    )
    assert response.status_code == 302
    assert fresh(unit_a).uscc == NEW_CODE


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91650100MA77XY123H", "校验位不正确"),
        ("91650100MA77XO123G", "不使用 I、O、S、V、Z"),
        ("91650100MA77XI123G", "不使用 I、O、S、V、Z"),
        ("91650100MA77XS123G", "不使用 I、O、S、V、Z"),
        ("91650100MA77XV123G", "不使用 I、O、S、V、Z"),
        ("91650100MA77XZ123G", "不使用 I、O、S、V、Z"),
        ("9165010", "应为 18 位"),
        ("12653100458480236J", "已被其他单位使用"),
        ("12653100458480236j", "已被其他单位使用"),
    ],
)
def test_bad_or_taken_code_is_refused_with_nothing_changed(
    client: Client, unit_admin: User, unit_a: BaseUnit, unit_b: BaseUnit, code: str, message: str
) -> None:
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_rename"), rename_data(unit_a, new_name="新疆财经学院", new_uscc=code)
    )
    assert response.status_code == 200
    page = text(response)
    block = page.split('id="field-new_uscc"', 1)[1].split('<div class="field', 1)[0]
    assert message in block
    assert "新疆财经学院" in page  # what was typed is kept
    unit = fresh(unit_a)
    assert (unit.name, unit.uscc) == ("新疆财经大学", "126500004580000403")
    assert not UnitNameChange.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("<script>alert(1)</script>", "不能包含 &lt; 或 &gt;"),
        ("   ", "请输入单位名称"),
        ("新疆\u202e财经", "不可见的控制字符"),
        ("新" * 101, "不能超过 100 个字"),
    ],
)
def test_bad_names_are_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit, name: str, message: str
) -> None:
    client.force_login(unit_admin)
    response = client.post(reverse("orgs:unit_rename"), rename_data(unit_a, new_name=name))
    assert message in text(response)
    assert fresh(unit_a).name == "新疆财经大学"
    assert not UnitNameChange.objects.exists()


def test_unchanged_name_and_code_are_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(unit_admin)
    response = client.post(reverse("orgs:unit_rename"), rename_data(unit_a))
    assert "都没有变化" in text(response)
    assert not UnitNameChange.objects.exists()


def test_reason_is_required(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_rename"), rename_data(unit_a, new_name="新疆财经学院", reason="")
    )
    assert "请填写变更原因" in text(response)
    assert fresh(unit_a).name == "新疆财经大学"


def test_stale_rename_is_refused(client: Client, unit_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(unit_admin)
    data = rename_data(unit_a, new_name="新疆财经学院")
    client.post(reverse("orgs:unit_complete"), complete_data(unit_a))  # another tab saves first
    response = client.post(reverse("orgs:unit_rename"), data)
    assert "在您打开此页面后已被修改" in text(response)
    assert fresh(unit_a).name == "新疆财经大学"
    assert not UnitNameChange.objects.exists()


def test_similar_name_needs_confirmation_and_is_flagged(
    client: Client, unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    other = make_unit(regions["urumqi"], "乌鲁木齐市第一人民医院", OTHER_CODE)
    client.force_login(unit_admin)
    data = rename_data(unit_a, new_name="第一人民医院")
    response = client.post(reverse("orgs:unit_rename"), data)
    page = text(response)
    assert "已有名称相近的单位" in page
    assert "乌鲁木齐市第一人民医院" in page and OTHER_CODE in page
    assert fresh(unit_a).name == "新疆财经大学"
    assert not SimilarUnitFlag.objects.exists()

    response = client.post(reverse("orgs:unit_rename"), {**data, "confirm_similar": "on"})
    assert response.status_code == 302
    assert fresh(unit_a).name == "第一人民医院"
    flag = SimilarUnitFlag.objects.get()
    assert (flag.unit, flag.similar_to, flag.resolved_at) == (unit_a, other, None)


def test_code_only_change_needs_no_similarity_confirmation(
    client: Client, unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    make_unit(regions["urumqi"], "财经大学", OTHER_CODE)
    client.force_login(unit_admin)
    response = client.post(reverse("orgs:unit_rename"), rename_data(unit_a, new_uscc=NEW_CODE))
    assert response.status_code == 302
    assert not SimilarUnitFlag.objects.exists()


# --- 推荐单位 --------------------------------------------------------------------------------


@pytest.fixture
def departments(regions: dict[str, Region]) -> dict[str, Department]:
    def make(
        name: str, region: str, kind: str = "competent", level: str = "prefecture"
    ) -> Department:
        return Department.objects.create(name=name, kind=kind, level=level, region=regions[region])

    return {
        "edu": make("乌鲁木齐市教育局", "urumqi", "industry"),
        "hrss": make("乌鲁木齐市人力资源和社会保障局", "urumqi", "hrss"),
        "health": make("乌鲁木齐市卫生健康委员会", "urumqi", "industry"),
        "county": make("天山区教育局", "tianshan", "industry", "county"),
        "xj": make("自治区教育厅", "xj", "competent", "autonomous"),
        "kashgar": make("喀什地区教育局", "kashgar", "industry"),
    }


def recommenders_data(unit: BaseUnit, ids: list[int], region: str = "650100") -> dict[str, Any]:
    return {
        "region": region,
        "departments": [str(i) for i in ids],
        "version": stale.token(fresh(unit)),
    }


def chosen(unit: BaseUnit) -> set[str]:
    return set(fresh(unit).recommending_units.values_list("name", flat=True))


def test_recommenders_page_lists_departments_of_the_chosen_region(
    client: Client, unit_admin: User, departments: dict[str, Department]
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit_recommenders")))
    assert "乌鲁木齐市教育局" in page and "天山区教育局" in page
    assert "自治区教育厅" not in page and "喀什地区教育局" not in page

    page = text(client.get(reverse("orgs:unit_recommenders"), {"region": "650000"}))
    assert "自治区教育厅" in page
    assert "乌鲁木齐市教育局" not in page


def test_unknown_region_falls_back_to_the_units_own(
    client: Client, unit_admin: User, departments: dict[str, Department]
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit_recommenders"), {"region": "<script>"}))
    assert "乌鲁木齐市教育局" in page
    assert "&lt;script&gt;" not in page and "<script>" not in page.split("</footer>")[0]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_zero_one_or_two_recommenders_are_saved(
    client: Client,
    unit_admin: User,
    unit_a: BaseUnit,
    departments: dict[str, Department],
    count: int,
) -> None:
    unit_a.recommending_units.add(departments["health"])
    picks = [departments["edu"], departments["hrss"]][:count]
    client.force_login(unit_admin)
    response = client.post(
        reverse("orgs:unit_recommenders"),
        recommenders_data(unit_a, [d.pk for d in picks]),
        follow=True,
    )
    assert chosen(unit_a) == {d.name for d in picks}
    assert ("推荐单位已清空" if count == 0 else "推荐单位已保存") in text(response)


def test_three_recommenders_are_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit, departments: dict[str, Department]
) -> None:
    unit_a.recommending_units.add(departments["health"])
    client.force_login(unit_admin)
    ids = [departments[k].pk for k in ("edu", "hrss", "county")]
    response = client.post(reverse("orgs:unit_recommenders"), recommenders_data(unit_a, ids))
    assert response.status_code == 200
    assert "最多只能选择两个推荐单位" in text(response)
    assert chosen(unit_a) == {"乌鲁木齐市卫生健康委员会"}


@pytest.mark.parametrize("bad", ["999999", "abc", "kashgar"])
def test_unknown_or_foreign_department_is_a_form_error(
    client: Client, unit_admin: User, unit_a: BaseUnit, departments: dict[str, Department], bad: str
) -> None:
    client.force_login(unit_admin)
    value = str(departments["kashgar"].pk) if bad == "kashgar" else bad
    data = recommenders_data(unit_a, [])
    data["departments"] = [value]
    response = client.post(reverse("orgs:unit_recommenders"), data)
    assert response.status_code == 200
    assert "所选推荐单位不存在或不属于所选地区" in text(response)
    assert chosen(unit_a) == set()


def test_recommender_from_another_region_is_kept_when_adding_one(
    client: Client, unit_admin: User, unit_a: BaseUnit, departments: dict[str, Department]
) -> None:
    unit_a.recommending_units.add(departments["xj"])
    client.force_login(unit_admin)
    page = text(client.get(reverse("orgs:unit_recommenders")))
    assert "当前推荐单位" in page and "自治区教育厅" in page
    response = client.post(
        reverse("orgs:unit_recommenders"),
        recommenders_data(unit_a, [departments["xj"].pk, departments["edu"].pk]),
    )
    assert response.status_code == 302
    assert chosen(unit_a) == {"自治区教育厅", "乌鲁木齐市教育局"}


def test_stale_recommenders_form_is_refused(
    client: Client, unit_admin: User, unit_a: BaseUnit, departments: dict[str, Department]
) -> None:
    client.force_login(unit_admin)
    first = recommenders_data(unit_a, [departments["edu"].pk])
    second = recommenders_data(unit_a, [departments["hrss"].pk])
    assert client.post(reverse("orgs:unit_recommenders"), first).status_code == 302
    response = client.post(reverse("orgs:unit_recommenders"), second)
    assert "在您打开此页面后已被修改" in text(response)
    assert chosen(unit_a) == {"乌鲁木齐市教育局"}


# --- 疑似重复单位 ----------------------------------------------------------------------------


def make_flags(regions: dict[str, Region], count: int) -> list[SimilarUnitFlag]:
    from stdnum.cn import uscc

    flags = []
    base = make_unit(regions["urumqi"], "乌鲁木齐市人民医院", OTHER_CODE)
    for i in range(count):
        stem = f"9165010000000{i:04d}"
        unit = make_unit(
            regions["urumqi"], f"乌鲁木齐市人民医院{i}分院", stem + uscc.calc_check_digit(stem)
        )
        flags.append(SimilarUnitFlag.objects.create(unit=unit, similar_to=base))
    return flags


def test_similar_units_list_shows_both_units(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    flag = make_flags(regions, 1)[0]
    client.force_login(hr_admin)
    page = text(client.get(reverse("orgs:similar_units")))
    for fact in [
        "乌鲁木齐市人民医院0分院",
        flag.unit.uscc,
        "乌鲁木齐市人民医院",
        OTHER_CODE,
        "乌鲁木齐市",
    ]:
        assert fact in page
    assert reverse("orgs:similar_unit_resolve", args=[flag.pk]) in page


def test_similar_units_list_has_constant_queries(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)

    def cost() -> int:
        client.get(reverse("orgs:similar_units"))  # warm the entry-region cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("orgs:similar_units"))
        assert response.status_code == 200
        return len(queries)

    flags = make_flags(regions, 20)  # a full page
    open_ones = SimilarUnitFlag.objects.filter(resolved_at__isnull=True)
    open_ones.exclude(pk=flags[0].pk).update(resolved_at=timezone.now())
    one = cost()
    SimilarUnitFlag.objects.update(resolved_at=None)
    assert cost() == one
    assert text(client.get(reverse("orgs:similar_units"))).count("核实处理") == 20


def test_similar_units_list_is_a_staff_table(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    """Sorted by its columns, 20/50/100 rows, exported to Excel and audited (ADR 0039)."""
    flags = make_flags(regions, 21)
    client.force_login(hr_admin)
    page = text(client.get(reverse("orgs:similar_units")))
    assert page.count("核实处理") == 20 and "第 1 / 2 页" in page
    assert text(client.get(reverse("orgs:similar_units"), {"page": 2})).count("核实处理") == 1
    assert text(client.get(reverse("orgs:similar_units"), {"per_page": 50})).count("核实处理") == 21
    by_name = text(client.get(reverse("orgs:similar_units"), {"sort": "unit"}))
    assert 'aria-sort="ascending"' in by_name
    assert by_name.index("乌鲁木齐市人民医院0分院") < by_name.index("乌鲁木齐市人民医院1分院")
    response = client.get(reverse("orgs:similar_units"), {"export": "xlsx"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0][:3] == ["登记时间", "单位", "统一社会信用代码"]
    assert len(rows) == 22 and {r[1] for r in rows[1:]} == {f.unit.name for f in flags}
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == hr_admin and event.target == "疑似重复单位"
    assert event.detail.startswith("21 行")


def test_hr_admin_resolves_a_flag(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    flag = make_flags(regions, 1)[0]
    client.force_login(hr_admin)
    page = text(client.get(reverse("orgs:similar_unit_resolve", args=[flag.pk])))
    assert "乌鲁木齐市人民医院0分院" in page and "data-confirm" in page
    response = client.post(
        reverse("orgs:similar_unit_resolve", args=[flag.pk]),
        {"note": "经核实为不同单位"},
        follow=True,
    )
    assert "已处理" in text(response)
    assert "没有待处理的疑似重复单位" in text(response)
    flag.refresh_from_db()
    assert flag.resolved_by == hr_admin
    assert flag.resolved_at is not None
    assert flag.resolution == "经核实为不同单位"


def test_resolving_needs_a_note(client: Client, hr_admin: User, regions: dict[str, Region]) -> None:
    flag = make_flags(regions, 1)[0]
    client.force_login(hr_admin)
    response = client.post(reverse("orgs:similar_unit_resolve", args=[flag.pk]), {"note": "  "})
    assert "请填写处理意见" in text(response)
    flag.refresh_from_db()
    assert flag.resolved_at is None


def test_resolved_flag_cannot_be_resolved_again(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    flag = make_flags(regions, 1)[0]
    client.force_login(hr_admin)
    client.post(reverse("orgs:similar_unit_resolve", args=[flag.pk]), {"note": "第一次"})
    response = client.post(reverse("orgs:similar_unit_resolve", args=[flag.pk]), {"note": "第二次"})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.resolution == "第一次"


def test_prefecture_hr_admin_sees_only_own_region(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    flag = make_flags(regions, 1)[0]
    hr_admin.admin_region = regions["kashgar"]
    hr_admin.save()
    client.force_login(hr_admin)
    assert "没有待处理的疑似重复单位" in text(client.get(reverse("orgs:similar_units")))
    assert client.get(reverse("orgs:similar_unit_resolve", args=[flag.pk])).status_code == 404
    assert client.get(reverse("orgs:licence", args=[flag.unit.pk])).status_code == 404
