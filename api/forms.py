"""系统设置 → 接口令牌: the form that makes a token. The rules themselves live in api.actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.actions import NAME_MAX
from api.models import Scope
from orgs.models import ReviewCommittee
from zhicheng.forms import PlatformForm

DEFAULT_DAYS = 180


class TokenForm(PlatformForm):
    committee = forms.ModelChoiceField(
        label=_("评审委员会"),
        queryset=ReviewCommittee.objects.none(),
        help_text=_("令牌只能读取这个委员会的数据。"),
    )
    name = forms.CharField(
        label=_("用途"),
        max_length=NAME_MAX,
        help_text=_("写明对接的系统和联系人，如“自治区人事管理系统（王工）”。"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("权限"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_("接口只读，不能修改任何数据。"),
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("含当天；最长一年。"),
    )

    def __init__(self, *args: Any, committees: QuerySet[ReviewCommittee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["committee"])
        field.queryset = committees.select_related("region").order_by(
            "region__sort_order", "region__code", "name", "id"
        )
        field.error_messages["invalid_choice"] = _("请选择您管理范围内的评审委员会。")
        self.fields["scopes"].error_messages["invalid_choice"] = _("权限选择不正确。")
        self.fields["expires_on"].error_messages["invalid"] = _("请输入正确的日期，如 2026-12-31。")
        if not self.is_bound:
            self.initial.setdefault(
                "expires_on", timezone.localdate() + timedelta(days=DEFAULT_DAYS)
            )
            self.initial.setdefault("scopes", [Scope.APPLICATIONS, Scope.RESULTS])
