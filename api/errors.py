"""The API's error answers: one JSON shape (detail, and the fields at fault), Chinese text.

`install(api)` registers a handler for each kind of failure on the platform's NinjaAPI; `v1`
calls it once. `invalid_response` is also used by endpoints that check input themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from lib.refusal import Refused
from zhicheng.ratelimit import RETRY_AFTER_UNAVAILABLE, RateLimitUnavailable
from zhicheng.refusals import message_of


def invalid_response(
    api: NinjaAPI, request: HttpRequest, errors: Sequence[tuple[str, str]]
) -> HttpResponse:
    """422 naming each field at fault with its message."""
    body = {
        "detail": _("请求参数不正确。"),
        "errors": [{"field": field, "message": message} for field, message in errors],
    }
    return api.create_response(request, body, status=422)


def install(api: NinjaAPI) -> None:
    """Register the error handlers on `api`."""

    def _pydantic_message(error: dict[str, Any]) -> str:
        kind = str(error.get("type", ""))
        ctx = error.get("ctx") or {}
        if kind == "missing":
            return _("必须填写。")
        if kind in ("int_parsing", "int_type", "int_from_float"):
            return _("应为整数。")
        if kind == "greater_than_equal":
            return _("不能小于 %(n)s。") % {"n": ctx.get("ge")}
        if kind == "less_than_equal":
            return _("不能大于 %(n)s。") % {"n": ctx.get("le")}
        if kind in ("literal_error", "enum"):
            return _("取值不正确，可选：%(values)s。") % {"values": ctx.get("expected", "")}
        if kind.startswith("datetime") or kind.startswith("timezone"):
            return _("应为日期时间，如 2026-01-31T08:00:00+08:00。")
        if kind.startswith("date"):
            return _("应为日期，如 2026-01-31。")
        if kind == "string_too_long":
            return _("不能超过 %(n)s 个字符。") % {"n": ctx.get("max_length")}
        if kind == "string_type":
            return _("应为文字。")
        if kind == "json_invalid":
            return _("请求内容不是有效的 JSON。")
        return _("格式不正确。")

    def _field_name(loc: Sequence[Any]) -> str:
        # ("query", "limit") → "limit"; ("body", "payload", "number") → "number"; ("body",) → "body".
        names = [str(part) for part in loc if isinstance(part, str) and part != "payload"]
        return names[-1] if names else ""

    @api.exception_handler(ValidationError)
    def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [(_field_name(e.get("loc", ())), _pydantic_message(e)) for e in exc.errors]
        return invalid_response(api, request, errors)

    @api.exception_handler(Refused)
    def _on_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        """Parameters that passed their types but not the platform's rules: 422 naming the field."""
        return invalid_response(api, request, [(exc.field or "", message_of(exc))])

    @api.exception_handler(AuthenticationError)
    def _on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request, {"detail": _("请先登录，或在 Authorization 头中提供接口令牌。")}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Throttled)
    def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        if getattr(request, "api_limit_unavailable", False):
            return _unavailable(request)
        message = getattr(request, "api_limit_message", None) or _("请求过于频繁，请稍后再试。")
        return api.create_response(request, {"detail": message}, status=429)

    @api.exception_handler(HttpError)
    def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 403 and message == "CSRF check Failed":
            message = _("安全校验失败（CSRF），请刷新页面后重试。")
        elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("请求内容不是有效的 JSON。")
        response = api.create_response(request, {"detail": message}, status=exc.status_code)
        if exc.status_code == 401:
            # Only a refused API token answers 401 through HttpError (api/security.py).
            response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
        return response

    @api.exception_handler(Http404)
    def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("未找到该记录。")}, status=404)

    def _unavailable(request: HttpRequest) -> HttpResponse:
        response = api.create_response(
            request, {"detail": _("服务暂时不可用，请稍后再试。")}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
        return response

    @api.exception_handler(RateLimitUnavailable)
    def _on_limit_unavailable(request: HttpRequest, exc: RateLimitUnavailable) -> HttpResponse:
        return _unavailable(request)
