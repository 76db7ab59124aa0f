"""API token actions: the only code that creates, revokes or marks the use of an API token.

A token is made by an hr_admin in 系统设置 for a committee of their region (the 自治区 admin
for any committee) and shown once; only its SHA-256 is kept. Every creation, revocation
and refused use writes a security audit row that names the token by number and purpose,
never by its text (docs/adr/0025-rest-api.md).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken, Scope
from audit.actions import record
from audit.models import AuditEvent
from lib.refusal import Refused, Stale
from lib.text import TextError, clean_name
from sysadmin import scoping

PREFIX = "zc_"
# "zc_" and 43 URL-safe characters: 32 random bytes.
TOKEN_PATTERN = re.compile(r"^zc_[A-Za-z0-9_-]{43}$")
MAX_DAYS = 366
NAME_MAX = 100
# last_used_at is written at most this often per token, to keep writes off every request.
USE_MARK_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    # The token's text: shown once on the page that follows creation, never stored or logged.
    secret: str


def digest(raw: str) -> str:
    """What is stored: the SHA-256 of the token (256 random bits need no slow hash)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def tokens_for(user: User) -> QuerySet[ApiToken]:
    """The tokens an hr_admin may see and revoke: those of the committees they administer."""
    return ApiToken.objects.filter(committee__in=scoping.committees_for(user))


def _expiry(expires_on: date, today: date) -> datetime:
    if expires_on <= today:
        raise Refused(_("有效期须晚于今天。"), "expires_on")
    if expires_on > today + timedelta(days=MAX_DAYS):
        raise Refused(
            _("有效期最长一年，请选择 %(n)d 天以内的日期。") % {"n": MAX_DAYS}, "expires_on"
        )
    # Valid through the whole last day, in the platform's time zone.
    return timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))


def _scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(scopes))
    if not chosen:
        raise Refused(_("请至少选择一项权限。"), "scopes")
    if any(scope not in Scope.values for scope in chosen):
        raise Refused(_("权限选择不正确。"), "scopes")
    return [scope for scope in Scope.values if scope in chosen]


def create_token(
    user: User, *, committee_id: int, name: str, scopes: Iterable[str], expires_on: date
) -> NewToken:
    """Make a token for a committee the hr_admin administers (another committee is a 404).

    Returns the token row and, once, its text. Audited without the text.
    """
    committee = scoping.committees_for(user).filter(pk=committee_id).first()
    if committee is None:
        raise Http404
    try:
        clean = clean_name(name, label=_("用途"), max_length=NAME_MAX)
    except TextError as exc:
        raise Refused(str(exc), "name") from None
    chosen = _scopes(scopes)
    expires_at = _expiry(expires_on, timezone.localdate())
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            committee=committee,
            name=clean,
            digest=digest(secret),
            scopes=chosen,
            expires_at=expires_at,
            created_by=user,
        )
        record(
            AuditEvent.Action.API_TOKEN,
            actor=user,
            target=f"{token.label} {committee.name}"[:200],
            detail=_("创建接口令牌；权限：%(scopes)s；有效期至 %(until)s")
            % {"scopes": "、".join(token.scope_labels), "until": expires_on.isoformat()},
        )
    return NewToken(token, secret)


def revoke_token(user: User, token_id: int) -> ApiToken:
    """撤销: the token stops working at once. Someone else's token is a 404; twice is refused."""
    with transaction.atomic():
        token = (
            tokens_for(user).select_for_update().select_related("committee").filter(pk=token_id)
        ).first()
        if token is None:
            raise Http404
        if token.revoked_at is not None:
            # Revoked from another tab or by another hr_admin since the page was drawn.
            raise Stale(_("该接口令牌已于 %(when)s 撤销。") % {"when": _local(token.revoked_at)})
        token.revoked_at = timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            AuditEvent.Action.API_TOKEN,
            actor=user,
            target=f"{token.label} {token.committee.name}"[:200],
            detail=_("撤销接口令牌"),
        )
    return token


def note_use(token: ApiToken) -> None:
    """Mark the token as used now, at most once every few minutes (one conditional UPDATE)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_MARK_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).exclude(
        last_used_at__gt=now - USE_MARK_INTERVAL
    ).update(last_used_at=now)


def record_refusal(token: ApiToken | None, reason: str) -> None:
    """An audit row for a refused use of a token: which token (if known) and why, no text."""
    record(
        AuditEvent.Action.API_TOKEN,
        actor_name=_("接口令牌 #%(pk)s") % {"pk": token.pk} if token is not None else "",
        target=(f"{token.label} {token.committee.name}" if token else _("未知的接口令牌"))[:200],
        result=AuditEvent.Result.REFUSED,
        detail=reason,
    )


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
