"""Who may call the API, and how often: the applicant's session, a committee's token, and
the project's one rate limiter (zhicheng/ratelimit.py) behind django-ninja's hooks.

Ninja runs authentication, then throttles, then reads the parameters; so a limit here
counts every request, even one whose parameters are wrong (as the verification page
counts every POST).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from accounts.models import Role, User
from api import actions
from api.models import ApiToken
from zhicheng import ratelimit

# The verification page's limit (certificates/views.py VERIFY_LIMIT): page and API share it.
VERIFY_LIMIT = "certificate-verify"
# settings.RATE_LIMITS: requests per token; refused token attempts per client address.
TOKEN_LIMIT = "api-token"  # noqa: S105  (a limit name, not a secret)
REFUSED_LIMIT = "api-token-refused"  # noqa: S105


class ApplicantSession(SessionAuth):
    """The signed-in applicant's session cookie (CSRF checked for unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(user, "role", None) != Role.APPLICANT:
            raise HttpError(403, _("只有申请人账号可以使用此接口。"))
        return user


class CommitteeToken(HttpBearer):
    """`Authorization: Bearer zc_…`: a committee's API token carrying `scope`."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get(self.header)
        if not header:
            return None  # no credentials at all: the plain 401
        scheme, _space, raw = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            _refuse(
                request, None, _("认证方式不正确，请在 Authorization 头中使用 Bearer 接口令牌。")
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        if not actions.TOKEN_PATTERN.match(token):
            _refuse(request, None, _("接口令牌格式不正确。"))
        row = ApiToken.objects.select_related("committee").filter(digest=actions.digest(token))
        found = row.first()
        if found is None:
            _refuse(request, None, _("接口令牌无效。"))
        if found.is_revoked:
            _refuse(request, found, _("接口令牌已被撤销。"))
        if found.is_expired:
            _refuse(request, found, _("接口令牌已过期。"))
        if self.scope not in found.scopes:
            _refuse(request, found, _("该接口令牌没有访问此接口的权限。"), status=403)
        actions.note_use(found)
        return found


def _refuse(
    request: HttpRequest, token: ApiToken | None, message: str, status: int = 401
) -> NoReturn:
    """Audit the refusal (never the token's text) and stop the request: 401 (unknown,
    malformed, revoked, expired), 403 (scope), 429 (too many refused attempts from this
    address), with the message for the caller (api.v1's HttpError handler answers it).

    Refusals count against the caller's address; past the limit the answer is 429."""
    if not ratelimit.hit_client(REFUSED_LIMIT, request):
        minutes = ratelimit.rate(REFUSED_LIMIT).minutes
        message = _("接口令牌验证失败次数过多，请 %(m)d 分钟后再试。") % {"m": minutes}
        status = 429
    actions.record_refusal(token, message)
    raise HttpError(status, message)


class ProjectLimit(BaseThrottle):
    """A limit of zhicheng/ratelimit.py as a ninja throttle; the 429 says `message`."""

    def __init__(self, name: str, message: str | Promise) -> None:
        self.name = name
        self.message = message

    def key(self, request: HttpRequest) -> str:
        return ratelimit.client_key(request)

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            if ratelimit.hit(self.name, self.key(request)):
                return True
        except ratelimit.RateLimitUnavailable:
            # Fail closed, as the pages do: the handler answers 503 instead of 429.
            request.api_limit_unavailable = True  # type: ignore[attr-defined]
            return False
        minutes = ratelimit.rate(self.name).minutes
        request.api_limit_message = str(self.message) % {"m": minutes}  # type: ignore[attr-defined]
        return False

    def wait(self) -> float:
        return float(ratelimit.rate(self.name).seconds)


class TokenLimit(ProjectLimit):
    """Requests per token (after authentication), whatever address they come from."""

    def __init__(self) -> None:
        super().__init__(TOKEN_LIMIT, gettext_lazy("该接口令牌请求过于频繁，请 %(m)d 分钟后再试。"))

    def key(self, request: HttpRequest) -> str:
        token: Any = getattr(request, "auth", None)
        return f"token:{token.pk}" if isinstance(token, ApiToken) else ratelimit.client_key(request)

    def allow_request(self, request: HttpRequest) -> bool:
        allowed = super().allow_request(request)
        token = getattr(request, "auth", None)
        over = not allowed and not getattr(request, "api_limit_unavailable", False)
        if over and isinstance(token, ApiToken):
            actions.record_refusal(token, request.api_limit_message)  # type: ignore[attr-defined]
        return allowed


def verify_limit() -> ProjectLimit:
    """证书查验's per-address limit, counted together with the page's."""
    return ProjectLimit(
        VERIFY_LIMIT, gettext_lazy("您的网络地址查验次数过多，请 %(m)d 分钟后再试。")
    )
