"""Fees (评审费): every change to a payment order happens here.

Each action is one short transaction that locks the row it changes, checks the move
against the state it finds (and, from a form, the version the page was drawn from), and
records who did it and when. Views and the notify endpoint only call these.

Order states: 未缴费 (unpaid) → 已缴费 (paid, by a verified gateway notification or a
bank transfer confirmed by committee staff) → 已退费 (refunded, by committee staff with a
reason). Nothing else moves.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from applications.models import Application, Status
from lib import stale
from lib.files import INVISIBLE
from lib.refusal import Refused
from orgs.models import FeeRule, ReviewCommittee
from payments import gateways
from payments.models import FeeAccount, PaymentNotice, PaymentOrder

log = logging.getLogger(__name__)

NOT_REQUIRED: Literal["not_required"] = "not_required"
STALE = gettext_lazy("该订单已在其他窗口或由他人处理，本次操作未执行。请刷新页面查看最新状态。")


# --- what is owed ----------------------------------------------------------------------------


def charges(app: Application) -> bool:
    """Whether the committee charges a fee for this application at all."""
    return app.committee.fee_mode != ReviewCommittee.FeeMode.NONE


def charging(apps: QuerySet[Application]) -> QuerySet[Application]:
    """`charges` as a filter: the applications whose committee charges a fee."""
    return apps.exclude(committee__fee_mode=ReviewCommittee.FeeMode.NONE)


def fee_rules(committee_id: Any, level: Any) -> QuerySet[FeeRule]:
    """The committee's fee for a level (at most one row); the arguments may be `OuterRef`s."""
    return FeeRule.objects.filter(committee_id=committee_id, level=level).order_by("pk")


def order_of(app: Application) -> PaymentOrder | None:
    """The application's order, from select_related("payment") when it was used."""
    relation = "payment"  # reverse one-to-one, declared by PaymentOrder
    try:
        order: PaymentOrder = getattr(app, relation)
    except ObjectDoesNotExist:
        return None
    return order


def payment_due(app: Application) -> PaymentOrder | Literal["not_required"] | None:
    """What the applicant's 我的申请书 list draws beside an application.

    - "not_required": nothing to pay through the platform — the application has not
      passed formal review (通过形式审核), or its committee charges no fee (fee_mode none).
      Draw nothing.
    - None: a fee is due and no order exists yet. Draw a 缴费 link to payments:pay; the
      page creates the order.
    - a PaymentOrder: draw its status (`order.get_status_display()`: 未缴费 / 已缴费 /
      已退费) and a link to payments:pay (while unpaid, as 缴费).

    Costs no query when the list was fetched through `with_payment` (or
    select_related("payment", "committee") and prefetch_related("committee__fee_rules")).
    """
    if app.status != Status.PASSED or not charges(app):
        return NOT_REQUIRED
    return order_of(app)


def with_payment(apps: QuerySet[Application]) -> QuerySet[Application]:
    """What `payment_due` reads, fetched with the list in a fixed number of queries."""
    return apps.select_related("payment", "committee").prefetch_related("committee__fee_rules")


def _new_trade_no(app: Application) -> str:
    """`JF` + date + application id + 4 random digits: short enough to quote on a transfer."""
    today = timezone.localdate()
    return f"JF{today:%Y%m%d}{app.pk:08d}{secrets.randbelow(10_000):04d}"


def ensure_order(app_id: int) -> PaymentOrder:
    """The application's payment order, created on first use (get-or-create under a lock).

    Refused before 通过形式审核, where the committee charges nothing, and where it set no
    fee for the level. The amount is the committee's fee rule when the order is made.
    """
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app_id)
        existing = PaymentOrder.objects.filter(application=app).first()
        if existing is not None:
            return existing
        if app.status != Status.PASSED:
            raise Refused(_("申请书通过形式审核后才能缴费。"))
        if not charges(app):
            raise Refused(_("该评审委员会不收取评审费，无需缴费。"))
        rule = fee_rules(app.committee_id, app.level).first()
        if rule is None:
            raise Refused(
                _("评审委员会尚未设置该级别的收费标准，暂不能缴费。请关注评审委员会的通知公告。")
            )
        gateway = gateways.for_committee(app.committee)
        return PaymentOrder.objects.create(
            application=app,
            committee_id=app.committee_id,
            out_trade_no=_new_trade_no(app),
            amount=rule.amount,
            gateway=gateway.name,
        )


def ensure_orders(staff: User) -> int:
    """生成缴费订单 for every application of the staff's committee that is due one."""
    committee_id = committee_of(staff)
    due = charging(
        Application.objects.filter(
            committee_id=committee_id, status=Status.PASSED, payment__isnull=True
        )
    )
    made = 0
    for app_id in due.values_list("pk", flat=True):
        try:
            ensure_order(app_id)
            made += 1
        except Refused:
            continue
    return made


# --- committee staff ---------------------------------------------------------------------------


def committee_of(staff: User) -> int:
    if staff.role != Role.COMMITTEE_STAFF or staff.committee_id is None:
        raise Http404
    return staff.committee_id


def _lock_order(staff: User, order_id: int, expected_version: int | None) -> PaymentOrder:
    """The staff's committee's order, locked; another committee's id is a 404."""
    committee_id = committee_of(staff)
    order = (
        PaymentOrder.objects.select_for_update()
        .filter(pk=order_id, committee_id=committee_id)
        .first()
    )
    if order is None:
        raise Http404
    stale.check(expected_version, order.version, message=str(STALE))
    return order


REFERENCE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-/]{3,63}$")


def clean_reference(raw: str) -> str:
    """A bank-transfer reference (流水号): full-width folded, spaces dropped, 4–64 of [0-9A-Za-z_-/]."""
    text = "".join(unicodedata.normalize("NFKC", raw or "").split())
    if not text:
        raise Refused(_("请填写银行流水号（交易参考号）。"), "reference")
    if any(ch in INVISIBLE for ch in text) or not REFERENCE.match(text):
        raise Refused(_("银行流水号只能由字母、数字和 - _ / 组成，长度 4 到 64 位。"), "reference")
    return text.upper()


def confirm_offline(
    staff: User, order_id: int, reference: str, *, expected_version: int | None
) -> PaymentOrder:
    """确认到账: a bank transfer arrived; only an unpaid order, and each reference once."""
    ref = clean_reference(reference)
    try:
        with transaction.atomic():
            order = _lock_order(staff, order_id, expected_version)
            if order.status != PaymentOrder.Status.UNPAID:
                raise Refused(
                    _("该订单%(status)s，不能再次确认到账。")
                    % {"status": order.get_status_display()}
                )
            offline = gateways.OfflineGateway.name
            clash = PaymentOrder.objects.filter(gateway=offline, reference=ref).first()
            if clash is not None:
                raise Refused(
                    _("银行流水号 %(ref)s 已用于订单 %(order)s，同一笔转账不能确认两次。")
                    % {"ref": ref, "order": clash.out_trade_no}
                )
            order.gateway = offline
            order.reference = ref
            order.status = PaymentOrder.Status.PAID
            order.paid_at = timezone.now()
            order.confirmed_by = staff
            order.version = F("version") + 1
            order.save()
    except IntegrityError:
        # The unique (gateway, reference) constraint caught a second tab or a colleague.
        raise Refused(
            _("银行流水号 %(ref)s 已被使用，同一笔转账不能确认两次。") % {"ref": ref}
        ) from None
    order.refresh_from_db()
    return order


def refund(
    staff: User, order_id: int, reason: str, *, expected_version: int | None
) -> PaymentOrder:
    """退费: a paid order, with the reason; the money itself is returned by the finance office."""
    reason = " ".join((reason or "").split())
    if len(reason) < 4:
        raise Refused(_("请填写退费原因（至少 4 个字）。"), "reason")
    if len(reason) > 200:
        raise Refused(_("退费原因不能超过 200 字。"), "reason")
    if any(ch in INVISIBLE or unicodedata.category(ch) == "Cc" for ch in reason):
        raise Refused(_("退费原因中含有不可见的控制字符，请删除后重新输入。"), "reason")
    with transaction.atomic():
        order = _lock_order(staff, order_id, expected_version)
        if order.status != PaymentOrder.Status.PAID:
            raise Refused(
                _("该订单%(status)s，只有已缴费的订单可以退费。")
                % {"status": order.get_status_display()}
            )
        order.status = PaymentOrder.Status.REFUNDED
        order.refunded_at = timezone.now()
        order.refunded_by = staff
        order.refund_reason = reason
        order.version = F("version") + 1
        order.save()
    order.refresh_from_db()
    return order


def save_fee_account(
    staff: User, *, payee: str, bank: str, account_number: str, instructions: str
) -> FeeAccount:
    """收款账户: the bank account the committee's applicants transfer their fees to."""
    committee_id = committee_of(staff)
    with transaction.atomic():
        account, _created = FeeAccount.objects.select_for_update().get_or_create(
            committee_id=committee_id,
            defaults={"payee": payee, "bank": bank, "account_number": account_number},
        )
        account.payee, account.bank, account.account_number = payee, bank, account_number
        account.instructions = instructions
        account.updated_by = staff
        account.save()
    return account


@dataclass(frozen=True)
class Totals:
    count: int
    amount: Decimal


def totals(committee_id: int) -> dict[str, Totals]:
    """Orders and amounts per status for a committee, in one query."""
    rows = (
        PaymentOrder.objects.filter(committee_id=committee_id)
        .values("status")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by()
    )
    found = {r["status"]: Totals(r["n"], r["total"] or Decimal("0")) for r in rows}
    return {s: found.get(s, Totals(0, Decimal("0"))) for s in PaymentOrder.Status.values}


# --- gateway notifications ------------------------------------------------------------------


@dataclass(frozen=True)
class NotifyOutcome:
    http_status: int
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


OUTCOMES: dict[str, tuple[int, str]] = {
    "paid": (200, "payment recorded"),
    "already_processed": (200, "already processed"),
    "ignored": (200, "status other than paid: nothing changed"),
    "unknown_order": (404, "unknown out_trade_no"),
    "amount_mismatch": (409, "amount does not match the order"),
    "gateway_mismatch": (409, "order belongs to another gateway"),
    "order_not_unpaid": (409, "order is not awaiting payment"),
    "duplicate_reference": (409, "reference already used by another order"),
}


def _outcome(code: str) -> NotifyOutcome:
    status, message = OUTCOMES[code]
    return NotifyOutcome(status, code, message)


def _log_notice(
    gateway: str, notify_id: str, out_trade_no: str, payload: dict[str, Any], ok: bool, code: str
) -> None:
    PaymentNotice.objects.create(
        gateway=gateway[:20],
        notify_id=notify_id[:64],
        out_trade_no=out_trade_no[:32],
        payload=payload,
        signature_ok=ok,
        outcome=code[:40],
    )


def _field(payload: Mapping[str, Any], key: str) -> str:
    value = payload.get(key)
    return value if isinstance(value, str) else ""


def handle_notify(gateway_name: str, body: bytes, headers: Mapping[str, str]) -> NotifyOutcome:
    """A gateway's notification: verified, logged, and applied at most once.

    Every call to a known gateway leaves a PaymentNotice (signature_ok False when it was
    not verified). A verified notification is applied once per notify_id: repeating it
    repeats the first answer. Only an unpaid order of that gateway with the same amount
    becomes paid; anything else is refused and leaves the order as it was.
    """
    gateway = gateways.get(gateway_name)
    if gateway is None:
        log.warning("payment notify for unknown gateway %r", gateway_name[:40])
        return NotifyOutcome(404, "unknown_gateway", "unknown gateway")
    try:
        result = gateway.verify_notify(body, headers)
    except gateways.NotifyRejected as rejected:
        log.warning("payment notify refused (%s): %s", gateway.name, rejected.code)
        _log_notice(
            gateway.name,
            _field(rejected.payload, "notify_id"),
            _field(rejected.payload, "out_trade_no"),
            rejected.payload,
            rejected.signature_ok,
            rejected.code,
        )
        return NotifyOutcome(rejected.http_status, rejected.code, rejected.message)

    with transaction.atomic():
        # The order row is the lock that serialises two deliveries of one notification.
        order = (
            PaymentOrder.objects.select_for_update()
            .filter(out_trade_no=result.out_trade_no)
            .first()
        )
        earlier = PaymentNotice.objects.filter(
            gateway=gateway.name, notify_id=result.notify_id, signature_ok=True
        ).first()
        if earlier is not None:
            code = "already_processed" if earlier.outcome == "paid" else earlier.outcome
            return _outcome(code if code in OUTCOMES else "already_processed")
        code = _apply(gateway.name, order, result)
        try:
            with transaction.atomic():
                _log_notice(
                    gateway.name,
                    result.notify_id,
                    result.out_trade_no,
                    result.payload,
                    True,
                    code,
                )
        except IntegrityError:
            # Delivered twice at once with no order to lock: the other one was first.
            transaction.set_rollback(True)
            return _outcome("already_processed")
    if code == "paid":
        log.info("payment %s paid via %s", result.out_trade_no, gateway.name)
    return _outcome(code)


def _apply(gateway_name: str, order: PaymentOrder | None, result: gateways.NotifyResult) -> str:
    """Change the (locked) order as the verified notification says; the outcome code."""
    if order is None:
        return "unknown_order"
    if result.status != "paid":
        return "ignored"
    if order.gateway != gateway_name:
        return "gateway_mismatch"
    if order.status == PaymentOrder.Status.PAID and order.reference == result.reference:
        return "already_processed"
    if order.status != PaymentOrder.Status.UNPAID:
        return "order_not_unpaid"
    if result.amount != order.amount:
        return "amount_mismatch"
    if (
        PaymentOrder.objects.filter(gateway=gateway_name, reference=result.reference)
        .exclude(pk=order.pk)
        .exists()
    ):
        return "duplicate_reference"
    PaymentOrder.objects.filter(pk=order.pk).update(
        status=PaymentOrder.Status.PAID,
        reference=result.reference,
        paid_at=timezone.now(),
        version=F("version") + 1,
    )
    return "paid"
