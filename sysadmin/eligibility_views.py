"""系统设置 → 资格预审规则: the machine-checkable part of 任职资格条件, per series, level and
year. Every hr_admin may look; the 自治区 hr_admin changes them (the rules serve every
region, like the catalogue). The writes are `catalog.actions`'."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.permissions import hr_admin_required, signed_in_user
from catalog import actions
from catalog.forms import EligibilityRuleForm
from catalog.models import EligibilityRule, Level, Series, Title
from catalog.rules import SlotChoice, describe, education_label, rule_template, slots_of
from lib.refusal import Refused
from zhicheng.refusals import add_refusal, flash_refusal

MIN_YEAR, MAX_YEAR = actions.MIN_YEAR, actions.MAX_YEAR


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if MIN_YEAR <= year <= MAX_YEAR else default


def _editor_only(user: User) -> None:
    if not actions.may_edit(user):
        raise PermissionDenied(_("资格预审规则由自治区人社管理员维护。"))


@dataclass
class RuleRow:
    series: Series
    level: int
    rule: EligibilityRule | None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def education(self) -> str:
        return education_label(self.rule.min_education) if self.rule else ""

    @property
    def southern(self) -> str:
        if self.rule is None:
            return ""
        parts = []
        if self.rule.southern_min_education:
            parts.append(education_label(self.rule.southern_min_education))
        if self.rule.southern_min_years is not None:
            parts.append(_("%(n)d 年") % {"n": self.rule.southern_min_years})
        return "，".join(parts)


@require_GET
@hr_admin_required
def rules(request: HttpRequest) -> HttpResponse:
    """资格预审规则 of one year: every series and level that has titles, with its rule."""
    user = signed_in_user(request)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("year"), this_year)
    series_list = Series.objects.prefetch_related(
        Prefetch("titles", queryset=Title.objects.order_by("level"))
    ).order_by("sort_order", "code")
    by_key = {
        (r.series_id, r.level): r for r in EligibilityRule.objects.filter(year=year).order_by()
    }
    rows = [
        RuleRow(series, level, by_key.get((series.pk, level)))
        for series in series_list
        for level in sorted({t.level for t in series.titles.all()})
    ]
    with_rules = set(EligibilityRule.objects.order_by().values_list("year", flat=True).distinct())
    years = with_rules | {year, this_year, this_year + 1}
    earlier = sorted(y for y in with_rules if y < year)
    return render(
        request,
        "sysadmin/eligibility_rules.html",
        {
            "rows": rows,
            "year": year,
            "years": sorted(years),
            "copy_from": earlier[-1] if earlier else None,
            "missing": sum(1 for r in rows if r.rule is None),
            "editor": actions.may_edit(user),
        },
    )


def _slot_choices(series: Series, year: int, keep: tuple[str, ...]) -> list[SlotChoice]:
    template = rule_template(series.pk, year)
    slots = slots_of(template.pk if template else None)
    known = {s.key for s in slots}
    # A slot the rule names but this year's form no longer has stays visible, so saving the
    # page does not drop it silently.
    slots += [
        SlotChoice(key, _("%(k)s（本年度模板中没有此附件）") % {"k": key}, False)
        for key in keep
        if key not in known
    ]
    return slots


@hr_admin_required
def rule_edit(request: HttpRequest, series_pk: int, level: int, year: int) -> HttpResponse:
    """Set or change the rule of one series, level and year; its history below."""
    user = signed_in_user(request)
    _editor_only(user)
    series = get_object_or_404(Series, pk=series_pk)
    if level not in Level.values or not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    rule = EligibilityRule.objects.filter(series=series, level=level, year=year).first()
    current = actions.data_of(rule) if rule else actions.RuleData()
    if request.method == "POST":
        form = EligibilityRuleForm(
            request.POST, slots=_slot_choices(series, year, current.required_slots)
        )
        if form.is_valid():
            try:
                actions.save_rule(
                    user,
                    series_id=series.pk,
                    level=level,
                    year=year,
                    data=form.data_for_action(),
                    revision=form.cleaned_data["revision"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("已保存 %(y)s 年 %(s)s %(l)s 的资格预审规则。")
                    % {"y": year, "s": series.name, "l": Level(level).label},
                )
                return redirect(f"{reverse('sysadmin:eligibility_rules')}?year={year}")
    else:
        form = EligibilityRuleForm(
            initial=EligibilityRuleForm.initial_for(current, rule.revision if rule else None),
            slots=_slot_choices(series, year, current.required_slots),
        )
    revisions = list(rule.revisions.select_related("actor")) if rule else []
    slot_labels = {s.key: s.label for s in _slot_choices(series, year, ())}
    return render(
        request,
        "sysadmin/eligibility_rule_edit.html",
        {
            "form": form,
            "series": series,
            "level_label": Level(level).label,
            "year": year,
            "rule": rule,
            "described": describe(rule, slot_labels) if rule else [],
            "revisions": revisions,
        },
    )


@require_POST
@hr_admin_required
def rules_copy(request: HttpRequest) -> HttpResponse:
    """Start a year from an earlier year's rules (those it has not set yet)."""
    user = signed_in_user(request)
    _editor_only(user)
    this_year = timezone.localdate().year
    to_year = _year(request.POST.get("to_year"), this_year)
    from_year = _year(request.POST.get("from_year"), this_year)
    try:
        made = actions.copy_year(user, from_year=from_year, to_year=to_year)
    except Refused as error:
        flash_refusal(request, error)
    else:
        if made:
            messages.success(
                request,
                _("已从 %(a)s 年复制 %(n)d 条资格预审规则到 %(b)s 年。")
                % {"a": from_year, "n": made, "b": to_year},
            )
        else:
            messages.info(request, _("%(b)s 年已有这些规则，没有需要复制的。") % {"b": to_year})
    return redirect(f"{reverse('sysadmin:eligibility_rules')}?year={to_year}")
