"""Payment channels behind one interface (see docs/adr/0008-payments.md).

No real payment gateway is reachable from this platform, and nothing here pretends to
take money. The built-in channel is `OfflineGateway`: the applicant transfers the fee to
the committee's bank account quoting the order number, and committee staff confirm the
transfer's reference in 缴费对账.

A future online gateway subclasses `SignedNotifyGateway` (or implements `Gateway`) and is
registered with `register`; its asynchronous notifications arrive at
`payments:notify` and are verified here before `payments.actions.handle_notify` touches
an order. The notification format is the platform's own: a JSON body
`{notify_id, out_trade_no, amount, status, reference}` signed with
`X-Signature: hex(HMAC-SHA256(settings.PAYMENT_NOTIFY_SECRET, body))`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import ReviewCommittee
from payments.models import FeeAccount, PaymentOrder

MAX_NOTIFY_BYTES = 16 * 1024
SIGNATURE_HEADER = "X-Signature"


@dataclass(frozen=True)
class Instructions:
    """How to pay without leaving the platform's page (e.g. a bank transfer)."""

    title: str
    lines: list[tuple[str, str]]
    note: str = ""
    extra: str = ""  # the committee's own words (缴费说明)


@dataclass(frozen=True)
class Redirect:
    """Pay at the gateway's own page."""

    url: str
    label: str


@dataclass(frozen=True)
class NotifyResult:
    """A verified notification: the gateway says this order was paid (or not)."""

    notify_id: str
    out_trade_no: str
    amount: Decimal
    status: str
    reference: str
    payload: dict[str, Any] = field(default_factory=dict)


class NotifyRejected(Exception):
    """A notification that cannot be trusted or read. Nothing about any order changes."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        signature_ok: bool = False,
        payload: dict[str, Any] | None = None,
        http_status: int = 400,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.signature_ok = signature_ok
        self.payload = payload or {}
        self.http_status = http_status


class Gateway(Protocol):
    name: str  # the slug in /payments/notify/<name>/ and PaymentOrder.gateway
    online: bool  # True: the applicant pays at the gateway; False: offline, staff confirm

    @property
    def label(self) -> str | Promise: ...

    def start(self, order: PaymentOrder) -> Instructions | Redirect:
        """What the 缴费 page shows the applicant for this unpaid order."""
        ...

    def verify_notify(self, body: bytes, headers: Mapping[str, str]) -> NotifyResult:
        """The notification, verified; raises NotifyRejected otherwise."""
        ...


def _payload(body: bytes) -> dict[str, Any]:
    """The body as a dict for the notice log, whatever it is."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {"raw": body[:2000].decode("utf-8", "replace")}
    return data if isinstance(data, dict) else {"raw": data}


def _text(data: Mapping[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(key)
    return value.strip()


class SignedNotifyGateway:
    """Base of a gateway whose notifications use the platform's signed JSON format."""

    name = "signed"
    label: str | Promise = gettext_lazy("网上缴费")
    online = True

    def secret(self) -> bytes:
        return str(getattr(settings, "PAYMENT_NOTIFY_SECRET", "") or "").encode()

    def verify_notify(self, body: bytes, headers: Mapping[str, str]) -> NotifyResult:
        payload = _payload(body)
        if len(body) > MAX_NOTIFY_BYTES:
            raise NotifyRejected("too_large", "notification too large", payload={"size": len(body)})
        secret = self.secret()
        if not secret:
            raise NotifyRejected(
                "not_configured",
                "notifications are not configured",
                payload=payload,
                http_status=503,
            )
        given = (headers.get(SIGNATURE_HEADER) or "").strip().lower()
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        if not given or not hmac.compare_digest(given, expected):
            raise NotifyRejected("bad_signature", "signature does not match", payload=payload)
        try:
            if "raw" in payload:
                raise ValueError("body")
            raw_amount = payload.get("amount")
            if isinstance(raw_amount, bool) or not isinstance(raw_amount, (str, int, float)):
                raise ValueError("amount")
            amount = Decimal(str(raw_amount))
            if not amount.is_finite():
                raise ValueError("amount")
            return NotifyResult(
                notify_id=_text(payload, "notify_id", 64),
                out_trade_no=_text(payload, "out_trade_no", 32),
                amount=amount,
                status=_text(payload, "status", 20),
                reference=_text(payload, "reference", 64),
                payload=payload,
            )
        except (ValueError, InvalidOperation) as exc:
            raise NotifyRejected(
                "malformed", f"missing or invalid field: {exc}", signature_ok=True, payload=payload
            ) from None

    def start(self, order: PaymentOrder) -> Instructions | Redirect:
        raise NotImplementedError


class OfflineGateway:
    """Bank transfer to the committee's account; committee staff confirm the reference."""

    name = "offline"
    label: str | Promise = gettext_lazy("银行转账（线下缴费）")
    online = False

    def start(self, order: PaymentOrder) -> Instructions:
        account = FeeAccount.objects.filter(committee_id=order.committee_id).first()
        lines = [
            (_("缴费金额"), _("%(amount)s 元") % {"amount": order.amount}),
            (_("转账附言（必填）"), order.out_trade_no),
        ]
        if account is None:
            return Instructions(
                title=_("银行转账"),
                lines=lines,
                note=_(
                    "评审委员会尚未在平台公布收款账户，请关注评审委员会的通知公告或电话咨询后再转账。"
                ),
            )
        lines = [
            (_("收款单位(户名)"), account.payee),
            (_("开户银行"), account.bank),
            (_("银行账号"), account.account_number),
            *lines,
        ]
        note = _(
            "请在转账附言中填写订单号，便于评审委员会核对。"
            "到账后由评审委员会工作人员确认，确认后本页显示“已缴费”。"
        )
        return Instructions(title=_("银行转账"), lines=lines, note=note, extra=account.instructions)

    def verify_notify(self, body: bytes, headers: Mapping[str, str]) -> NotifyResult:
        raise NotifyRejected(
            "not_supported", "offline payments are confirmed by committee staff", http_status=404
        )


GATEWAYS: dict[str, Gateway] = {OfflineGateway.name: OfflineGateway()}


def register(gateway: Gateway) -> None:
    """Make a gateway available (its notifications and, if online, new orders)."""
    GATEWAYS[gateway.name] = gateway


def get(name: str) -> Gateway | None:
    return GATEWAYS.get(name)


def for_committee(committee: ReviewCommittee) -> Gateway:
    """The channel new orders of this committee use.

    A committee that asks for online payment gets the first registered online gateway;
    while none is registered (today), its applicants pay by bank transfer like everyone.
    """
    if committee.fee_mode == ReviewCommittee.FeeMode.ONLINE:
        for gateway in GATEWAYS.values():
            if gateway.online:
                return gateway
    return GATEWAYS[OfflineGateway.name]
