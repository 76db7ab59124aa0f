"""Registration, sign-in and profile forms. Messages are Chinese and sit beside the field."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import lockout
from accounts.models import User
from lib.files import CheckedUpload
from lib.text import TextError, clean_name
from orgs.models import BaseUnit, Region
from orgs.regions import entry_regions, region_label
from zhicheng.fields import (
    ID_NUMBER_ERRORS,
    SCAN_HELP,
    checked_id_number,
    checked_scan,
    clean_mobile,
    clean_person_name,
    clean_uscc,
)
from zhicheng.forms import PlatformForm, name_required_fields

USERNAME = re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff]{4,30}$")


def clean_username(value: str) -> str:
    value = (value or "").strip()
    if not USERNAME.match(value):
        raise ValidationError(_("用户名为 4 到 30 位汉字、字母、数字或下划线。"))
    if value.isdigit() and len(value) in (11, 15, 18):
        raise ValidationError(_("用户名不能使用手机号或身份证号。"))
    if User.objects.filter(username__iexact=value).exists():
        raise ValidationError(_("该用户名已被使用，请换一个。"))
    return value


class ScanFormMixin(PlatformForm):
    """A scan field that survives re-display: a file checked once is carried by `scan_token`."""

    scan_field = "scan"
    scan_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, stashed: CheckedUpload | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stashed = stashed
        if stashed is not None:
            self.fields[self.scan_field].required = False

    def clean_scan(self) -> CheckedUpload | None:
        checked = checked_scan(self.cleaned_data.get("scan"))
        if checked is None and self.stashed is None:
            raise ValidationError(_("请上传扫描件。"))
        return checked or self.stashed


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类。"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def check_passwords(self, user: User) -> None:
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
            return
        if p1:
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)


class NoticeMixin(forms.Form):
    accept_notice = forms.BooleanField(
        label=_("我已仔细阅读并同意《注册须知》"),
        error_messages={"required": _("请先阅读并同意注册须知。")},
    )


class ApplicantRegistrationForm(NoticeMixin, ScanFormMixin, PasswordPairMixin, forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=30,
        help_text=_("4 到 30 位汉字、字母、数字或下划线，用于登录。"),
    )
    real_name = forms.CharField(label=_("真实姓名"), max_length=60)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=40,
        error_messages=ID_NUMBER_ERRORS,
        help_text=_("18 位第二代居民身份证号码，末位 X 大小写均可。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
    scan = forms.FileField(
        label=_("身份证扫描件"),
        help_text=SCAN_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    field_order = [
        "username",
        "real_name",
        "id_number",
        "mobile",
        "email",
        "password1",
        "password2",
        "scan",
        "accept_notice",
    ]

    def clean_username(self) -> str:
        return clean_username(self.cleaned_data["username"])

    def clean_real_name(self) -> str:
        return clean_person_name(self.cleaned_data["real_name"])

    def clean_id_number(self) -> str:
        number = checked_id_number(self.cleaned_data["id_number"])
        if User.objects.filter(id_number=number).exists():
            raise ValidationError(
                _(
                    "该身份证号已注册，一个身份证号只能注册一次。如忘记账号，请使用“找回用户名和密码”。"
                )
            )
        return number

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        probe = User(
            username=data.get("username", ""),
            email=data.get("email", ""),
            real_name=data.get("real_name", ""),
        )
        self.check_passwords(probe)
        return data


class UnitRegistrationForm(NoticeMixin, ScanFormMixin, PasswordPairMixin, forms.Form):
    unit_name = forms.CharField(
        label=_("单位名称"),
        max_length=100,
        help_text=_("与营业执照或法人证书上的名称一致，请勿使用简称。"),
    )
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=40, help_text=_("18 位，见营业执照或法人证书。")
    )
    region = forms.ChoiceField(label=_("所属地区"), help_text=_("自治区直属单位选择“自治区本级”。"))
    county = forms.ChoiceField(
        label=_("所属县(市、区)"),
        required=False,
        help_text=_("县级及以下单位必须选择。"),
        widget=forms.Select(attrs={"data-groups-follow": "id_region"}),
    )
    nature = forms.ChoiceField(label=_("单位性质"), choices=BaseUnit.Nature.choices)
    contact_name = forms.CharField(label=_("联系人"), max_length=60)
    contact_mobile = forms.CharField(
        label=_("联系人手机"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    scan = forms.FileField(
        label=_("营业执照或法人证书扫描件"),
        help_text=SCAN_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    username = forms.CharField(
        label=_("管理员用户名"),
        max_length=30,
        help_text=_("单位管理员账号只能审核本单位的申报材料，不能申报职称。"),
    )
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
    confirm_similar = forms.BooleanField(
        label=_("我确认本单位与上述单位不是同一单位，继续注册"), required=False
    )

    field_order = [
        "unit_name",
        "uscc",
        "region",
        "county",
        "nature",
        "contact_name",
        "contact_mobile",
        "scan",
        "username",
        "email",
        "password1",
        "password2",
        "accept_notice",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = entry_regions()
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", gettext("—— 请选择 ——"))] + [
            (r.code, region_label(r)) for r in regions
        ]
        counties = (
            Region.objects.filter(level=Region.Level.COUNTY)
            .select_related("parent")
            .order_by("parent__sort_order", "code")
        )
        groups: dict[str, list[tuple[str, str]]] = {}
        for county in counties:
            parent = county.parent
            label = region_label(parent) if parent else ""
            groups.setdefault(label, []).append((county.code, county.name))
        cast(forms.ChoiceField, self.fields["county"]).choices = [
            ("", gettext("—— 不选择 ——"))
        ] + list(groups.items())
        self.similar: list[BaseUnit] = []

    def clean_unit_name(self) -> str:
        try:
            return clean_name(
                self.cleaned_data["unit_name"], label=gettext("单位名称"), max_length=100
            )
        except TextError as exc:
            raise ValidationError(str(exc)) from None

    def clean_uscc(self) -> str:
        code = clean_uscc(self.cleaned_data["uscc"])
        if BaseUnit.objects.filter(uscc=code).exists():
            raise ValidationError(
                _("该统一社会信用代码已注册。同一单位只能注册一次，如忘记账号请使用“账号申诉”。")
            )
        return code

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        for region in entry_regions():
            if region.code == code:
                return region
        raise ValidationError(_("请选择所属地区。"))

    def clean_contact_name(self) -> str:
        return clean_person_name(self.cleaned_data["contact_name"], label=gettext("联系人"))

    def clean_contact_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["contact_mobile"])

    def clean_username(self) -> str:
        return clean_username(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("region")
        county_code = data.get("county")
        data["county"] = None
        if isinstance(region, Region) and county_code:
            county = Region.objects.filter(
                code=county_code, parent=region, level=Region.Level.COUNTY
            ).first()
            if county is None:
                self.add_error("county", _("所选县(市、区)不属于所选地区。"))
            data["county"] = county
        if (
            data.get("nature") == BaseUnit.Nature.COUNTY
            and not county_code
            and "county" not in self.errors
        ):
            self.add_error("county", _("县级及以下单位请选择所属县(市、区)。"))
        self.check_passwords(User(username=data.get("username", ""), email=data.get("email", "")))
        return data


class LoginForm(AuthenticationForm):
    """Sign-in through a region entry with username, ID number or mobile."""

    region = forms.ChoiceField(label=_("评审区域"))
    username = forms.CharField(
        label=_("用户名/身份证号/手机号"),
        max_length=60,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _("用户名或密码错误。连续输错 5 次账号将被锁定 15 分钟。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }

    field_order = ["region", "username", "password"]

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # The numbers follow LOCKOUT_FAILURE_LIMIT / LOCKOUT_COOLOFF_MINUTES (accounts.lockout).
        self.error_messages = {
            **self.error_messages,
            "invalid_login": gettext(
                "用户名或密码错误。连续输错 %(limit)s 次账号将被锁定 %(minutes)s 分钟。"
            )
            % {"limit": lockout.failure_limit_count(), "minutes": lockout.cooloff_minutes()},
        }
        name_required_fields(self)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            (r.code, region_label(r)) for r in entry_regions()
        ]
        self.fields["password"].label = _("密码")

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        for region in entry_regions():
            if region.code == code:
                return region
        raise ValidationError(_("请选择评审区域。"))


class ProfileForm(PlatformForm):
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
    mobile = forms.CharField(label=_("手机号"), max_length=20)
    updated_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])


class AdminIdNumberMixin(forms.BaseForm):
    """A superuser correcting an ID number in the admin goes through the same check."""

    def clean_id_number(self) -> str | None:
        value = self.cleaned_data.get("id_number")
        return checked_id_number(value) if value else None


class AdminUserChangeForm(AdminIdNumberMixin, UserChangeForm):
    pass


class AdminUserAddForm(AdminIdNumberMixin, AdminUserCreationForm):
    pass
