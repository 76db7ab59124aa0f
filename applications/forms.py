"""Forms of the applicant's pages: choosing a qualification, the sections, attachments.

Choosing a qualification is a step-by-step GET form (series → title by level → specialty,
and the base unit by search) so it works without JavaScript; the last step posts the ids
it chose, and every id is validated again against the database. Every list offers only
what the action behind it accepts (`rules.offered_titles`: level by business type,
published template, a committee whose scope covers it); a forged id outside the list is
refused with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import rules
from applications.models import Application, Attachment, SectionData
from applications.sections import (
    form_data_from,
    section_form_class,
    section_formset_class,
    serialise,
)
from catalog.models import Level, Series, Specialty, TemplateField, TemplateSection, Title
from lib.files import CheckedUpload, UploadError, check_upload
from orgs.models import BaseUnit, ReviewCommittee

UNIT_RESULTS = 20
ROWS_PREFIX = "rows"


def to_int(value: Any) -> int | None:
    """A positive integer from a query or form value; anything else is None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


# --- choosing a qualification --------------------------------------------------------------


@dataclass
class TitleGroup:
    level: str
    titles: list[Title]


@dataclass
class SeriesGroup:
    name: str
    series: list[Series]


@dataclass
class QualificationPick:
    """What the step form has chosen so far; ids that do not fit are dropped, not trusted.

    `refusal` says why a title of the chosen series that was asked for is not offered.
    """

    series_groups: list[SeriesGroup]
    series: Series | None = None
    title_groups: list[TitleGroup] = field(default_factory=list)
    specialties: list[Specialty] = field(default_factory=list)
    title: Title | None = None
    specialty: Specialty | None = None
    refusal: str | None = None

    @property
    def complete(self) -> bool:
        return self.title is not None and self.specialty is not None


def _series_groups(offered: QuerySet[Title]) -> list[SeriesGroup]:
    groups: dict[str, SeriesGroup] = {}
    series_ids = offered.values("series_id")
    for series in Series.objects.filter(is_active=True, pk__in=series_ids):
        name = series.group or series.name
        groups.setdefault(name, SeriesGroup(name, [])).series.append(series)
    return list(groups.values())


def pick_qualification(
    params: Mapping[str, Any],
    *,
    business_type: str,
    year: int,
    unit: BaseUnit | None = None,
    series_id: int | None = None,
    title_id: int | None = None,
    specialty_id: int | None = None,
) -> QualificationPick:
    """The step form's state from its values; the given ids are where it starts (更改资格).

    Only series and titles the business type accepts this year are offered (for the unit,
    once it is known). Once the form has been sent (it always carries `series`) only its
    own values count.
    """
    # Series: those with a title offered anywhere; titles: those offered for the unit. A
    # series whose titles are judged by no committee of the unit's locality is then still
    # listed, and the page says why it has nothing to choose.
    pick = QualificationPick(_series_groups(rules.offered_titles(business_type, year)))
    offered = rules.offered_titles(business_type, year, unit)
    if "series" in params:
        series_id = to_int(params.get("series"))
        title_id, specialty_id = to_int(params.get("title")), to_int(params.get("specialty"))
    offered_series = {s.pk: s for group in pick.series_groups for s in group.series}
    pick.series = offered_series.get(series_id) if series_id else None
    if pick.series is None:
        return pick
    titles = list(offered.filter(series=pick.series).order_by("level", "sort_order", "id"))
    labels = dict(Level.choices)
    groups: dict[int, TitleGroup] = {}
    for title in titles:
        groups.setdefault(title.level, TitleGroup(str(labels[title.level]), [])).titles.append(
            title
        )
    pick.title_groups = list(groups.values())
    if not titles and unit is not None:
        pick.refusal = str(rules.NO_LOCAL_COMMITTEE)
    pick.specialties = list(
        Specialty.objects.filter(series=pick.series).order_by("sort_order", "id")
    )
    # A title or specialty of another series (the series was changed) is simply not chosen;
    # a title of this series that is not offered is not chosen either, and the page says why.
    pick.title = next((t for t in titles if t.pk == title_id), None)
    if pick.title is None and title_id is not None:
        asked = Title.objects.filter(pk=title_id, series=pick.series).select_related("series")
        if (asked_title := asked.first()) is not None:
            pick.refusal = rules.title_refusal(business_type, year, asked_title, unit)
    pick.specialty = next((s for s in pick.specialties if s.pk == specialty_id), None)
    if pick.specialty is None and len(pick.specialties) == 1:
        pick.specialty = pick.specialties[0]
    return pick


def search_units(query: str) -> tuple[list[BaseUnit], bool]:
    """Registered base units whose name contains the query or whose code starts with it.

    Returns at most UNIT_RESULTS units, and whether there were more.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return [], False
    found = list(
        BaseUnit.objects.filter(Q(name__icontains=query) | Q(uscc__startswith=query.upper()))
        .select_related("region", "county")
        .order_by("name", "id")[: UNIT_RESULTS + 1]
    )
    return found[:UNIT_RESULTS], len(found) > UNIT_RESULTS


class QualificationForm(forms.Form):
    """The ids posted by the last step: each is checked to exist, to fit the others, and to be
    one the page offers for this business type and year (a forged id gets the reason)."""

    title = forms.ModelChoiceField(
        queryset=Title.objects.filter(series__is_active=True).select_related("series"),
        error_messages={
            "required": gettext_lazy("请选择资格名称。"),
            "invalid_choice": gettext_lazy("所选资格名称不存在，请重新选择。"),
        },
    )
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.all(),
        error_messages={
            "required": gettext_lazy("请选择专业。"),
            "invalid_choice": gettext_lazy("所选专业不存在，请重新选择。"),
        },
    )
    committee = forms.ModelChoiceField(
        queryset=ReviewCommittee.objects.filter(is_active=True),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("所选评审委员会不存在，请重新选择。")},
    )

    def __init__(
        self,
        *args: Any,
        business_type: str,
        year: int,
        unit: BaseUnit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.business_type, self.year, self.known_unit = business_type, year, unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        title, specialty = cleaned.get("title"), cleaned.get("specialty")
        if title is not None:
            unit = cleaned.get("unit", self.known_unit)
            refusal = rules.title_refusal(self.business_type, self.year, title, unit)
            if refusal:
                self.add_error("title", refusal)
        if title is not None and specialty is not None and title.series_id != specialty.series_id:
            self.add_error("specialty", _("所选专业不属于该系列，请重新选择。"))
        return cleaned


class CreateForm(QualificationForm):
    unit = forms.ModelChoiceField(
        queryset=BaseUnit.objects.select_related("region", "county"),
        error_messages={
            "required": gettext_lazy("请搜索并选择基层工作单位。"),
            "invalid_choice": gettext_lazy("所选基层工作单位不存在，请重新搜索选择已注册的单位。"),
        },
    )
    # 复制往年申请书: one of the applicant's own earlier applications, or none (blank).
    copy_from = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("所选的往年申请书不存在或不是您的申请书，请重新选择。"),
        },
    )

    def __init__(
        self, *args: Any, earlier: QuerySet[Application] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = (  # type: ignore[attr-defined]
            earlier if earlier is not None else Application.objects.none()
        )


class ChangeForm(QualificationForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionForm(forms.Form):
    """The version of the application the page was drawn from (stale-page protection)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- attachments ---------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("选择文件"),
        error_messages={
            "required": gettext_lazy("请选择要上传的文件。"),
            "empty": gettext_lazy("文件是空的，请重新选择。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def clean_file(self) -> CheckedUpload:
        upload = self.cleaned_data["file"]
        try:
            return check_upload(upload, upload.name or "")
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None


class PickForm(forms.Form):
    """An attachment from the applicant's own 附件库; anyone else's id is not a choice."""

    attachment = forms.ModelChoiceField(
        queryset=Attachment.objects.none(),
        error_messages={
            "required": gettext_lazy("请从附件库中选择文件。"),
            "invalid_choice": gettext_lazy("所选文件不在您的附件库中。"),
        },
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = Attachment.objects.filter(owner=owner)  # type: ignore[attr-defined]


# --- sections ------------------------------------------------------------------------------


@dataclass
class Item:
    """One field of a single section as the page draws it: a widget, or a system value."""

    field: TemplateField
    bound: forms.BoundField | None = None
    value: str = ""


class SectionEditor:
    """The form (or formset, for a repeatable section) of one section of an application.

    `show_errors` is False for a page that was only re-drawn (增加一行), so that the new
    empty row is not reported as missing values.
    """

    def __init__(
        self,
        section: TemplateSection,
        fields: list[TemplateField],
        data: Mapping[str, Any] | None,
        *,
        show_errors: bool = True,
    ) -> None:
        self.section = section
        self.fields = fields
        self.show_errors = show_errors and data is not None
        self.form: forms.Form | None = None
        self.formset: forms.BaseFormSet | None = None
        if section.repeatable:
            formset_class = section_formset_class(section, fields)
            if data is None and not section.required:
                # Offer one empty row to type into even where no row is required.
                formset_class = type(formset_class.__name__, (formset_class,), {"extra": 1})
            self.formset = formset_class(
                data=data,
                prefix=ROWS_PREFIX,
                error_messages={
                    "too_few_forms": _("本栏目至少填写 %(num)d 行。"),
                    "too_many_forms": _("本栏目最多填写 %(num)d 行。"),
                },
            )
        else:
            self.form = section_form_class(section, fields)(data=data)

    @classmethod
    def for_stored(
        cls, section: TemplateSection, fields: list[TemplateField], stored: SectionData | None
    ) -> SectionEditor:
        """What was saved, re-validated against the template as it is now (after 更改资格)."""
        if stored is None:
            return cls(section, fields, None)
        if section.repeatable:
            rows = stored.data.get("rows") if isinstance(stored.data.get("rows"), list) else []
            data = form_data_from({"rows": rows}, prefix=ROWS_PREFIX)
            return cls(section, fields, data, show_errors=not stored.is_complete)
        return cls(section, fields, form_data_from(stored.data), show_errors=not stored.is_complete)

    def add_row(self, data: Mapping[str, Any]) -> SectionEditor:
        """The same typed rows plus one empty row, not validated and not saved."""
        self._rowset()
        more = data.copy() if hasattr(data, "copy") else dict(data)
        key = f"{ROWS_PREFIX}-TOTAL_FORMS"
        current = to_int(more.get(key)) or 0
        more[key] = str(min(current + 1, self.section.max_rows))
        # Drawn without its errors: the new row is not "missing values". (Rendering may still
        # validate rows for aria-invalid, which is accurate for the rows already typed.)
        return SectionEditor(self.section, self.fields, more, show_errors=False)

    def _single(self) -> forms.Form:
        if self.form is None:
            raise RuntimeError("a repeatable section has rows, not a single form")
        return self.form

    def _rowset(self) -> forms.BaseFormSet:
        if self.formset is None:
            raise RuntimeError("a single section has no rows")
        return self.formset

    @property
    def can_add_row(self) -> bool:
        return self.formset is not None and self.formset.total_form_count() < self.section.max_rows

    def is_valid(self) -> bool:
        if self.formset is not None:
            return self.formset.is_valid()
        return self._single().is_valid()

    def cleaned(self) -> dict[str, Any]:
        """The validated values in the stored format (`{key: value}` or `{"rows": [...]}`)."""
        if self.formset is not None:
            rows = [
                serialise(form.cleaned_data)
                for form in self.formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            return {"rows": rows}
        return serialise(self._single().cleaned_data)

    # What the template draws.

    def items(self, auto_values: Mapping[str, str]) -> list[Item]:
        form = self._single()
        out = []
        for f in self.fields:
            if f.type == TemplateField.Type.AUTO:
                out.append(Item(f, value=auto_values.get(f.key, "")))
            else:
                out.append(Item(f, bound=form[f.key]))
        return out

    @property
    def columns(self) -> list[TemplateField]:
        return [f for f in self.fields if f.type != TemplateField.Type.AUTO]

    def rows(self) -> list[dict[str, Any]]:
        keys = [f.key for f in self.columns]
        return [
            {"form": form, "cells": [form[k] for k in keys], "delete": form["DELETE"]}
            for form in self._rowset().forms
        ]

    @property
    def non_form_errors(self) -> list[str]:
        if not self.show_errors:
            return []
        if self.formset is not None:
            return [str(e) for e in self.formset.non_form_errors()]
        return [str(e) for e in self._single().non_field_errors()]
