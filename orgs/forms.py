"""Forms of unit administration. Messages are Chinese and sit beside the field they concern."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib import mobile
from lib.files import CheckedUpload
from lib.text import TextError, clean_name
from orgs.actions import MAX_RECOMMENDERS, UnitDetails
from orgs.models import BaseUnit, Department, Region
from orgs.regions import region_label
from orgs.similarity import similar_units
from zhicheng.fields import SCAN_HELP, checked_scan, clean_mobile, clean_person_name, clean_uscc

# 0991-1234567, 09911234567, 0991-12345678-123 (extension), or a mainland mobile.
LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$")
POSTCODE = re.compile(r"^[0-9]{6}$")


def clean_text(value: str, *, label: str, max_length: int) -> str:
    try:
        return clean_name(value, label=label, max_length=max_length)
    except TextError as exc:
        raise ValidationError(str(exc)) from None


def clean_phone(value: str) -> str:
    """单位电话: a landline with area code (0991-1234567) or an 11-digit mobile."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(text.split()).replace("—", "-").replace("－", "-")
    text = re.sub(r"^\((0[0-9]{2,3})\)", r"\1-", text)
    if LANDLINE.match(text) or mobile.PATTERN.match(text):
        return text
    raise ValidationError(_("请输入带区号的固定电话（如 0991-1234567）或 11 位手机号码。"))


def clean_postcode(value: str) -> str:
    text = "".join(unicodedata.normalize("NFKC", value or "").split())
    if text and not POSTCODE.match(text):
        raise ValidationError(_("邮政编码为 6 位数字。"))
    return text


class TextField(forms.CharField):
    """A CharField whose text is judged by `clean_name`, which names a NUL like any other
    control character (Django's own message for it reads oddly in Chinese)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


def text_input(max_length: int, **attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": str(max_length), **attrs})


TEL = {"type": "tel", "inputmode": "numeric", "autocomplete": "off"}


class UnitCompleteForm(forms.Form):
    """完善单位信息."""

    address = TextField(
        label=_("单位地址"),
        widget=text_input(200),
        error_messages={"required": _("请输入单位地址。")},
    )
    postcode = TextField(
        label=_("邮政编码"), required=False, widget=text_input(6, inputmode="numeric")
    )
    phone = TextField(
        label=_("单位电话"),
        widget=text_input(30, type="tel"),
        help_text=_("固定电话请带区号，如 0991-1234567。"),
        error_messages={"required": _("请输入单位电话。")},
    )
    legal_representative = TextField(
        label=_("法定代表人"),
        widget=text_input(30),
        error_messages={"required": _("请输入法定代表人。")},
    )
    nature = forms.ChoiceField(label=_("单位性质"), choices=BaseUnit.Nature.choices)
    county = forms.ModelChoiceField(
        label=_("所属县(市、区)"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("—— 不选择 ——"),
        help_text=_("县级及以下单位必须选择。"),
        error_messages={"invalid_choice": _("所选县(市、区)不属于本单位所在地区。")},
    )
    hr_person = TextField(
        label=_("职称工作负责人"),
        widget=text_input(30),
        error_messages={"required": _("请输入职称工作负责人。")},
    )
    hr_mobile = TextField(
        label=_("职称工作负责人手机"),
        widget=text_input(11, **TEL),
        error_messages={"required": _("请输入职称工作负责人手机。")},
    )
    contact_name = TextField(
        label=_("联系人"), widget=text_input(30), error_messages={"required": _("请输入联系人。")}
    )
    contact_mobile = TextField(
        label=_("联系人手机"),
        widget=text_input(11, **TEL),
        error_messages={"required": _("请输入联系人手机。")},
    )
    licence = forms.FileField(
        label=_("营业执照或法人证书扫描件"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, unit: BaseUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.counties: QuerySet[Region] = Region.objects.filter(
            parent=unit.region, level=Region.Level.COUNTY
        )
        county_field = cast(forms.ModelChoiceField, self.fields["county"])
        county_field.queryset = self.counties
        licence = self.fields["licence"]
        if unit.licence_scan:
            licence.help_text = _(
                "已上传：%(name)s。如需更换请重新选择文件，否则留空。%(rule)s"
            ) % {
                "name": unit.licence_scan_name or _("扫描件"),
                "rule": SCAN_HELP,
            }
        else:
            licence.required = True
            licence.help_text = SCAN_HELP
            licence.error_messages["required"] = _("请上传营业执照或法人证书扫描件。")

    @staticmethod
    def initial_for(unit: BaseUnit, version: str) -> dict[str, Any]:
        names = (
            "address",
            "postcode",
            "phone",
            "legal_representative",
            "nature",
            "hr_person",
            "hr_mobile",
            "contact_name",
            "contact_mobile",
        )
        initial: dict[str, Any] = {name: getattr(unit, name) for name in names}
        initial["county"] = unit.county_id
        initial["version"] = version
        return initial

    def clean_address(self) -> str:
        return clean_text(self.cleaned_data["address"], label=gettext("单位地址"), max_length=200)

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_legal_representative(self) -> str:
        return clean_person_name(
            self.cleaned_data["legal_representative"], label=gettext("法定代表人")
        )

    def clean_hr_person(self) -> str:
        return clean_person_name(self.cleaned_data["hr_person"], label=gettext("职称工作负责人"))

    def clean_hr_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["hr_mobile"])

    def clean_contact_name(self) -> str:
        return clean_person_name(self.cleaned_data["contact_name"], label=gettext("联系人"))

    def clean_contact_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["contact_mobile"])

    def clean_licence(self) -> CheckedUpload | None:
        return checked_scan(self.cleaned_data.get("licence"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_counties = self.counties.exists()
        if (
            data.get("nature") == BaseUnit.Nature.COUNTY
            and has_counties
            and not data.get("county")
            and "county" not in self.errors
        ):
            self.add_error("county", _("县级及以下单位请选择所属县(市、区)。"))
        return data

    def details(self) -> UnitDetails:
        d = self.cleaned_data
        return UnitDetails(
            address=d["address"],
            legal_representative=d["legal_representative"],
            phone=d["phone"],
            postcode=d["postcode"],
            hr_person=d["hr_person"],
            hr_mobile=d["hr_mobile"],
            contact_name=d["contact_name"],
            contact_mobile=d["contact_mobile"],
            nature=d["nature"],
            county=d["county"],
        )


class UnitRenameForm(forms.Form):
    """变更单位名称: a new name and/or a new code, with the reason."""

    new_name = TextField(
        label=_("新单位名称"),
        widget=text_input(100),
        help_text=_("与营业执照或法人证书上的名称一致，请勿使用简称。"),
        error_messages={"required": _("请输入单位名称。")},
    )
    new_uscc = TextField(
        label=_("新统一社会信用代码"),
        widget=text_input(40, autocomplete="off"),
        help_text=_("18 位，见营业执照或法人证书；代码未变更时保持不变。"),
        error_messages={"required": _("请输入统一社会信用代码。")},
    )
    reason = TextField(
        label=_("变更原因"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "200"}),
        error_messages={"required": _("请填写变更原因。")},
    )
    confirm_similar = forms.BooleanField(
        label=_("我确认本单位与上述名称相近的单位不是同一单位"), required=False
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, unit: BaseUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.similar: list[BaseUnit] = []

    def clean_new_name(self) -> str:
        return clean_text(self.cleaned_data["new_name"], label=gettext("单位名称"), max_length=100)

    def clean_new_uscc(self) -> str:
        code = clean_uscc(self.cleaned_data["new_uscc"])
        if (
            code != self.unit.uscc
            and BaseUnit.objects.filter(uscc=code).exclude(pk=self.unit.pk).exists()
        ):
            raise ValidationError(_("该统一社会信用代码已被其他单位使用，同一单位只能注册一次。"))
        return code

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"], label=gettext("变更原因"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, code = data.get("new_name"), data.get("new_uscc")
        if name and code and name == self.unit.name and code == self.unit.uscc:
            raise ValidationError(_("单位名称和统一社会信用代码都没有变化，无需变更。"))
        if name and name != self.unit.name:
            self.similar = similar_units(name, self.unit.region, exclude_pk=self.unit.pk)
            if self.similar and not data.get("confirm_similar"):
                self.add_error(
                    "confirm_similar",
                    _(
                        "已有名称相近的单位。请核对上方列出的单位，确认不是同一单位后勾选此项再提交。"
                    ),
                )
        return data


def departments_of(region: Region) -> QuerySet[Department]:
    """Departments a unit may pick under an entry region: the region's own, and for a
    prefecture also the county bureaus under it."""
    query = Q(region=region)
    if region.level != Region.Level.AUTONOMOUS:
        query |= Q(region__parent=region)
    return Department.objects.filter(query, is_active=True).select_related("region")


def department_label(department: Department) -> str:
    region = department.region
    place = region_label(region) if region.level != Region.Level.COUNTY else region.name
    return f"{department.name}（{place}·{department.get_kind_display()}）"


class RecommendersForm(forms.Form):
    """推荐单位: keep or drop the current ones, add from the chosen region; two at most."""

    region = forms.CharField(required=False, widget=forms.HiddenInput)
    departments = forms.TypedMultipleChoiceField(
        label=_("推荐单位"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_("最多选择两个；不选则清空推荐单位。"),
        error_messages={"invalid_choice": _("所选推荐单位不存在或不属于所选地区，请重新选择。")},
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        region: Region,
        current: list[Department],
        choices: list[Department],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current_ids = {d.pk for d in current}
        groups: list[tuple[str, list[tuple[int, str]]]] = []
        if current:
            groups.append((str(_("当前推荐单位")), [(d.pk, department_label(d)) for d in current]))
        others = [(d.pk, department_label(d)) for d in choices if d.pk not in current_ids]
        if others:
            groups.append(
                (str(_("%(region)s的审核部门")) % {"region": region_label(region)}, others)
            )
        field = cast(forms.TypedMultipleChoiceField, self.fields["departments"])
        field.choices = groups

    def clean_departments(self) -> list[int]:
        chosen: list[int] = self.cleaned_data["departments"]
        if len(set(chosen)) > MAX_RECOMMENDERS:
            raise ValidationError(
                _("最多只能选择两个推荐单位，您选择了 %(n)s 个。") % {"n": len(set(chosen))}
            )
        return sorted(set(chosen))


class ResolveFlagForm(forms.Form):
    """hr_admin's note closing a 疑似重复单位 flag."""

    note = TextField(
        label=_("处理意见"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "200"}),
        help_text=_("如：经核实为不同单位；或：已联系单位注销重复账号。"),
        error_messages={"required": _("请填写处理意见。")},
    )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data["note"], label=gettext("处理意见"), max_length=200)
