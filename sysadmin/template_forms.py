"""Forms of 系统设置 for form templates (sections, fields, attachment slots) and the
catalogue (series, titles, specialties): plain fields and rows, never JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessType, Series, Specialty, TemplateField, TemplateSection, Title
from catalog.templates import CHOICE_TYPES, FieldData, SectionData, SlotData
from sysadmin.forms import VersionForm


class TemplateCreateForm(forms.Form):
    series = forms.ModelChoiceField(label=_("系列"), queryset=Series.objects.all())
    business_type = forms.ChoiceField(
        label=_("业务类型"), choices=BusinessType.choices, initial=BusinessType.REVIEW
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("模板名称"), max_length=100)


class TemplateCopyForm(forms.Form):
    year = forms.IntegerField(
        label=_("新版本年度"),
        min_value=2000,
        max_value=2100,
        help_text=_("复制到新的年度或同一年度的新版本"),
    )


class TemplateFactsForm(VersionForm):
    name = forms.CharField(label=_("模板名称"), max_length=100)
    is_published = forms.BooleanField(
        label=_("已发布"), required=False, help_text=_("发布后新建的申请书使用本版本")
    )


class SectionForm(VersionForm):
    position = forms.IntegerField(label=_("序号"), min_value=1, max_value=99)
    key = forms.SlugField(label=_("标识"), max_length=40, help_text=_("英文字母、数字或下划线"))
    title = forms.CharField(label=_("栏目名称"), max_length=50)
    hint = forms.CharField(
        label=_("填写提示"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    repeatable = forms.BooleanField(label=_("可多行"), required=False)
    max_rows = forms.IntegerField(label=_("最多行数"), min_value=1, max_value=200, initial=20)
    required = forms.BooleanField(label=_("必填栏目"), required=False, initial=True)
    filled_by_unit = forms.BooleanField(label=_("由单位填写"), required=False)

    def facts(self) -> SectionData:
        d = self.cleaned_data
        return SectionData(
            position=d["position"],
            key=d["key"],
            title=d["title"],
            hint=d["hint"],
            repeatable=d["repeatable"],
            max_rows=d["max_rows"],
            required=d["required"],
            filled_by_unit=d["filled_by_unit"],
        )

    @staticmethod
    def initial_for(section: TemplateSection) -> dict[str, Any]:
        return {
            a: getattr(section, a)
            for a in (
                "position",
                "key",
                "title",
                "hint",
                "repeatable",
                "max_rows",
                "required",
                "filled_by_unit",
            )
        }


class FieldForm(forms.Form):
    position = forms.IntegerField(label=_("序号"), min_value=1, max_value=999)
    key = forms.SlugField(label=_("标识"), max_length=40)
    label = forms.CharField(label=_("字段名称"), max_length=50)
    type = forms.ChoiceField(label=_("类型"), choices=TemplateField.Type.choices)
    required = forms.BooleanField(label=_("必填"), required=False)
    hint = forms.CharField(label=_("填写提示"), max_length=200, required=False)
    choices = forms.CharField(
        label=_("选项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("单选、多选题填写，每行一个选项"),
    )
    min_value = forms.DecimalField(
        label=_("最小值"), required=False, max_digits=12, decimal_places=2
    )
    max_value = forms.DecimalField(
        label=_("最大值"), required=False, max_digits=12, decimal_places=2
    )
    max_length = forms.IntegerField(label=_("最大长度"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lines = [c.strip() for c in (data.get("choices") or "").splitlines() if c.strip()]
        data["choice_list"] = lines
        if data.get("type") in CHOICE_TYPES and not lines:
            self.add_error("choices", _("单选、多选题至少要有一个选项。"))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("最大值不能小于最小值。"))
        return data

    @staticmethod
    def initial_for(f: TemplateField) -> dict[str, Any]:
        return {
            "position": f.position,
            "key": f.key,
            "label": f.label,
            "type": f.type,
            "required": f.required,
            "hint": f.hint,
            "choices": "\n".join(str(c) for c in (f.choices or [])),
            "min_value": f.min_value,
            "max_value": f.max_value,
            "max_length": f.max_length,
        }


class SlotForm(forms.Form):
    position = forms.IntegerField(label=_("序号"), min_value=1, max_value=999)
    key = forms.SlugField(label=_("标识"), max_length=40)
    label = forms.CharField(label=_("附件名称"), max_length=100)
    required = forms.BooleanField(label=_("必传"), required=False)
    max_files = forms.IntegerField(label=_("最多文件数"), min_value=1, max_value=50, initial=5)
    hint = forms.CharField(label=_("说明"), max_length=200, required=False)


def _kept(formset: Any) -> list[Any]:
    return [
        f
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class BaseKeyedFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        keys = [f.cleaned_data["key"] for f in _kept(self)]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("标识不能重复。"))


FieldFormSet = formset_factory(FieldForm, formset=BaseKeyedFormSet, extra=2, can_delete=True)
SlotFormSet = formset_factory(SlotForm, formset=BaseKeyedFormSet, extra=1, can_delete=True)


def fields_of(formset: Any) -> list[FieldData]:
    return [
        FieldData(
            position=f.cleaned_data["position"],
            key=f.cleaned_data["key"],
            label=f.cleaned_data["label"],
            type=f.cleaned_data["type"],
            required=f.cleaned_data["required"],
            hint=f.cleaned_data["hint"],
            choices=f.cleaned_data["choice_list"],
            min_value=f.cleaned_data["min_value"],
            max_value=f.cleaned_data["max_value"],
            max_length=f.cleaned_data["max_length"],
        )
        for f in _kept(formset)
    ]


def slots_of(formset: Any) -> list[SlotData]:
    return [
        SlotData(
            position=f.cleaned_data["position"],
            key=f.cleaned_data["key"],
            label=f.cleaned_data["label"],
            required=f.cleaned_data["required"],
            max_files=f.cleaned_data["max_files"],
            hint=f.cleaned_data["hint"],
        )
        for f in _kept(formset)
    ]


class CatalogueForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def validate_unique(self) -> None:
        # Field-level uniqueness has a plain message; the (series, name) constraints would
        # name the constraint, so clean() checks them with a sentence instead.
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())  # type: ignore[attr-defined]
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        model = self._meta.model
        if (
            model is not None
            and "series" in self.fields
            and data.get("series")
            and data.get("name")
        ):
            clash = model._default_manager.filter(series=data["series"], name=data["name"])
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("该系列已存在同名的记录。"))
        return data


class SeriesForm(CatalogueForm):
    class Meta:
        model = Series
        fields = ["code", "name", "name_ug", "group", "sort_order", "is_active"]


class TitleForm(CatalogueForm):
    class Meta:
        model = Title
        fields = ["series", "level", "name", "name_ug", "sort_order"]


class SpecialtyForm(CatalogueForm):
    class Meta:
        model = Specialty
        fields = ["series", "name", "name_ug", "sort_order"]


CATALOGUE_FORMS: dict[str, type[forms.ModelForm]] = {
    "series": SeriesForm,
    "title": TitleForm,
    "specialty": SpecialtyForm,
}
