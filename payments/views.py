"""缴费 (the applicant's page), 缴费对账 and 收款账户 (committee staff), and the gateways' notify.

Pages read top to bottom: decorators → the object fetched through a queryset scoped to
the user (someone else's id is a 404) → form → one call into payments.actions →
redirect. Views never assign order fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import applicant_required, role_required, signed_in_user
from applications.models import Application, Status
from audit.exports import export_table
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from payments import actions, gateways
from payments.forms import ConfirmForm, FeeAccountForm, FilterForm, RefundForm
from payments.models import FeeAccount, PaymentOrder
from payments.tables import OrderTable, export_columns
from zhicheng.refusals import add_refusal, message_of
from zhicheng.tables import configure, wants_export

GET_POST = require_http_methods(["GET", "POST"])
staff_required = role_required(Role.COMMITTEE_STAFF)
ORDER_RELATED = (
    "application",
    "application__applicant",
    "application__unit",
    "application__series",
    "application__title",
    "application__committee__region",
    "confirmed_by",
    "refunded_by",
)


# --- applicant ----------------------------------------------------------------------------


@require_GET
@applicant_required
def pay(request: HttpRequest, app_id: int) -> HttpResponse:
    """缴费: the order (made on the first visit), its amount and status, and how to pay."""
    user = signed_in_user(request)
    apps = Application.objects.filter(applicant=user).select_related(
        "committee", "committee__region", "series", "title", "unit"
    )
    app = get_object_or_404(apps, pk=app_id)
    try:
        order = actions.ensure_order(app.pk)
    except Refused as refused:
        context = {"app": app, "refusal": message_of(refused)}
        return render(request, "payments/pay.html", context, status=409)
    how: gateways.Instructions | gateways.Redirect | None = None
    if order.status == PaymentOrder.Status.UNPAID:
        gateway = gateways.get(order.gateway) or gateways.GATEWAYS[gateways.OfflineGateway.name]
        how = gateway.start(order)
    context = {
        "app": app,
        "order": order,
        "how": how,
        "is_redirect": isinstance(how, gateways.Redirect),
        "online_unavailable": app.committee.fee_mode == ReviewCommittee.FeeMode.ONLINE
        and order.gateway == gateways.OfflineGateway.name,
    }
    return render(request, "payments/pay.html", context)


# --- committee staff ----------------------------------------------------------------------


def _orders(request: HttpRequest) -> QuerySet[PaymentOrder]:
    """The orders of the signed-in staff's committee (404 for staff without one)."""
    committee_id = actions.committee_of(signed_in_user(request))
    return PaymentOrder.objects.filter(committee_id=committee_id).select_related(*ORDER_RELATED)


def _export(request: HttpRequest, table: OrderTable, form: FilterForm) -> HttpResponse:
    """Exactly the filtered orders, in the chosen order, as .xlsx; the export is audited."""
    user = signed_in_user(request)
    filters = "; ".join(
        f"{form.fields[n].label}={request.GET[n]}" for n in form.fields if request.GET.get(n)
    )
    return export_table(
        request,
        user,
        table,
        export_columns(user),
        title=_("缴费对账"),
        ascii_name="payments",
        filters=filters,
    )


@require_GET
@staff_required
def orders(request: HttpRequest) -> HttpResponse:
    """缴费对账: the committee's orders by status, with totals per status."""
    user = signed_in_user(request)
    committee_id = actions.committee_of(user)
    form = FilterForm(request.GET or None)
    rows = _orders(request)
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        q = form.cleaned_data["q"]
        if q:
            rows = rows.filter(
                Q(application__applicant__real_name__contains=q)
                | Q(application__number__iexact=q)
                | Q(out_trade_no__iexact=q)
            )
    table = OrderTable(rows.order_by("-created_at", "-id"))
    if wants_export(request):
        return _export(request, table, form)
    configure(request, table)
    committee = ReviewCommittee.objects.get(pk=committee_id)
    sums = actions.totals(committee_id)
    without_order = 0
    if committee.fee_mode != ReviewCommittee.FeeMode.NONE:
        without_order = Application.objects.filter(
            committee_id=committee_id, status=Status.PASSED, payment__isnull=True
        ).count()
    context = {
        "form": form,
        "table": table,
        "page": table.page,
        "totals": [(value, label, sums[value]) for value, label in PaymentOrder.Status.choices],
        "committee": committee,
        "without_order": without_order,
        "filtered": bool(request.GET.get("status") or request.GET.get("q")),
    }
    return render(request, "payments/orders.html", context)


@require_POST
@staff_required
def generate(request: HttpRequest) -> HttpResponse:
    """生成缴费订单 for every passed application of the committee that has none yet."""
    made = actions.ensure_orders(signed_in_user(request))
    messages.success(request, _("已生成 %(n)s 个缴费订单。") % {"n": made})
    return redirect("payments:orders")


def _order_page(
    request: HttpRequest, template: str, order: PaymentOrder, form: ConfirmForm | RefundForm
) -> HttpResponse:
    status = 409 if form.non_field_errors() else 200
    return render(request, template, {"order": order, "form": form}, status=status)


@GET_POST
@staff_required
def confirm(request: HttpRequest, order_id: int) -> HttpResponse:
    """确认到账: record the bank transfer's reference for an unpaid order."""
    order = get_object_or_404(_orders(request), pk=order_id)
    if request.method != "POST":
        form = ConfirmForm(initial={"version": order.version})
        return _order_page(request, "payments/confirm.html", order, form)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _order_page(request, "payments/confirm.html", order, form)
    try:
        done = actions.confirm_offline(
            signed_in_user(request),
            order.pk,
            form.cleaned_data["reference"],
            expected_version=form.cleaned_data["version"],
        )
    except Refused as refused:
        add_refusal(form, refused)
        order.refresh_from_db()
        return _order_page(request, "payments/confirm.html", order, form)
    messages.success(
        request,
        _("订单 %(order)s 已确认到账（流水号 %(ref)s）。")
        % {"order": done.out_trade_no, "ref": done.reference},
    )
    return redirect(f"{reverse('payments:orders')}?status=paid#order-{done.pk}")


@GET_POST
@staff_required
def refund(request: HttpRequest, order_id: int) -> HttpResponse:
    """退费: record a refund of a paid order, with the reason, after confirming."""
    order = get_object_or_404(_orders(request), pk=order_id)
    if request.method != "POST":
        form = RefundForm(initial={"version": order.version})
        return _order_page(request, "payments/refund.html", order, form)
    form = RefundForm(request.POST)
    if not form.is_valid():
        return _order_page(request, "payments/refund.html", order, form)
    try:
        done = actions.refund(
            signed_in_user(request),
            order.pk,
            form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except Refused as refused:
        add_refusal(form, refused)
        order.refresh_from_db()
        return _order_page(request, "payments/refund.html", order, form)
    messages.success(request, _("订单 %(order)s 已登记退费。") % {"order": done.out_trade_no})
    return redirect(f"{reverse('payments:orders')}?status=refunded#order-{done.pk}")


@GET_POST
@staff_required
def account(request: HttpRequest) -> HttpResponse:
    """收款账户: the bank account applicants transfer the committee's fees to."""
    user = signed_in_user(request)
    committee_id = actions.committee_of(user)
    current = FeeAccount.objects.filter(committee_id=committee_id).first()
    if request.method == "POST":
        form = FeeAccountForm(request.POST)
        if form.is_valid():
            actions.save_fee_account(user, **form.cleaned_data)
            messages.success(request, _("收款账户已保存，申请人的缴费页面即时显示新的账户。"))
            return redirect("payments:account")
    else:
        initial = {}
        if current is not None:
            initial = {
                "payee": current.payee,
                "bank": current.bank,
                "account_number": current.account_number,
                "instructions": current.instructions,
            }
        form = FeeAccountForm(initial=initial)
    return render(request, "payments/account.html", {"form": form, "current": current})


# --- gateways -----------------------------------------------------------------------------


@csrf_exempt
@require_POST
def notify(request: HttpRequest, gateway: str) -> JsonResponse:
    """A gateway's asynchronous notification (signed JSON; see payments/gateways.py)."""
    outcome = actions.handle_notify(gateway, request.body, request.headers)
    return JsonResponse(outcome.as_json(), status=outcome.http_status)
