"""投诉 from anyone, without an account: rate-limited per client address like the 公示 objection
form (settings.RATE_LIMITS["complaint"], zhicheng/ratelimit.py); every attempt counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from experts import rechecks
from experts.forms import PublicComplaintForm
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from zhicheng import ratelimit
from zhicheng.clientaddr import client_address
from zhicheng.refusals import add_refusal

COMPLAINT_LIMIT = "complaint"  # settings.RATE_LIMITS: 5 per client address per hour
THROTTLED = gettext_lazy("提交过于频繁：同一网络每小时最多提交 5 次投诉，请稍后再试。")


@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    """The public complaint form (no sign-in)."""
    committees = list(ReviewCommittee.objects.filter(is_active=True).values_list("pk", "name"))
    form = PublicComplaintForm(
        request.POST if request.method == "POST" else None, committees=committees
    )
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.hit_client(COMPLAINT_LIMIT, request):
            messages.error(request, str(THROTTLED))
            status = 429
        elif form.is_valid():
            try:
                rechecks.lodge_complaint(
                    None,
                    form.cleaned_data["committee"],
                    text=form.cleaned_data["text"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    ip_address=client_address(request),
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("投诉已提交，评审委员会将核实处理。感谢您的监督。"))
                return redirect("experts:complain")
    return render(request, "experts/complain.html", {"form": form}, status=status)
