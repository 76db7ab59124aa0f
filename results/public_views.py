"""The public publicity pages (公示): no sign-in, no ID numbers, no phones.

Anyone may read the current and recent publicity lists and lodge an objection (异议)
during a period. The objection form is rate-limited per client address (settings.RATE_LIMITS["objection"],
zhicheng/ratelimit.py), so a script cannot flood the committee; every attempt counts,
accepted or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lib.refusal import Refused
from results import actions, rules
from results.forms import ObjectionForm
from results.models import Publicity, PublicityEntry
from zhicheng import ratelimit
from zhicheng.clientaddr import client_address
from zhicheng.refusals import add_refusal, message_of

PER_PAGE = 50
# The lists name people: public for the period, but not for search engines to keep.
NOINDEX = "noindex, noarchive"
OBJECTION_LIMIT = "objection"  # settings.RATE_LIMITS: 5 per client address per hour
THROTTLED = gettext_lazy("提交过于频繁：同一网络每小时最多提交 5 次异议，请稍后再试。")


def visible() -> QuerySet[Publicity]:
    """Publicities the public may see: started, and ended no more than 90 days ago."""
    return Publicity.objects.filter(starts_on__lte=rules.today(), ends_on__gte=rules.public_since())


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """公示公告: the publicities being shown now, then those ended in the last 90 days."""
    today = rules.today()
    rows = (
        visible()
        .select_related("committee", "committee__region")
        .annotate(listed=Count("entries", filter=Q(entries__removed=False)))
        .order_by("-ends_on", "-starts_on", "-id")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    current = [p for p in page.object_list if p.ends_on >= today]
    ended = [p for p in page.object_list if p.ends_on < today]
    response = render(
        request,
        "results/public_list.html",
        {"page": page, "current": current, "ended": ended, "today": today},
    )
    response["X-Robots-Tag"] = NOINDEX
    return response


def _entries(item: Publicity) -> list[PublicityEntry]:
    return list(
        item.entries.filter(removed=False)
        .select_related(
            "application__applicant",
            "application__unit",
            "application__series",
            "application__title",
            "application__specialty",
            "application__committee__region",
        )
        .order_by("application__unit__name", "id")
    )


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, publicity_id: int) -> HttpResponse:
    """One publicity list, and the objection form while the period runs."""
    item = get_object_or_404(
        visible().select_related("committee", "committee__region"), pk=publicity_id
    )
    entries = _entries(item)
    today = rules.today()
    choices = [
        (e.pk, f"{e.application.applicant.display_name}（{e.application.unit.name}）")
        for e in entries
    ]
    form = ObjectionForm(request.POST if request.method == "POST" else None, entries=choices)
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.hit_client(OBJECTION_LIMIT, request):
            messages.error(request, str(THROTTLED))
            status = 429
        elif form.is_valid():
            try:
                actions.lodge_objection(
                    item.pk,
                    entry_id=form.cleaned_data["entry"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    text=form.cleaned_data["text"],
                    ip_address=client_address(request),
                )
            except Refused as error:
                add_refusal(form, error)
                messages.error(request, message_of(error))
            else:
                messages.success(
                    request,
                    _("您的异议已提交，评审委员会将在核实后处理。感谢您的监督。"),
                )
                return redirect("results:public_detail", item.pk)
        else:
            messages.error(request, _("异议未提交，请按提示修改。"))
    context = {
        "publicity": item,
        "entries": entries,
        "form": form,
        "today": today,
        "in_period": rules.in_period(item.starts_on, item.ends_on, today),
        "ended": today > item.ends_on,
    }
    response = render(request, "results/public_detail.html", context, status=status)
    response["X-Robots-Tag"] = NOINDEX
    return response
