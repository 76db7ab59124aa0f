"""Pages of the api app: the API's documentation, drawn on the server from the published
OpenAPI schema (no script, no file from elsewhere), and 系统设置 → 接口令牌 for hr_admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import hr_admin_required, signed_in_user
from api import actions
from api.forms import TokenForm
from api.v1 import api
from lib.refusal import Refused
from sysadmin import scoping
from zhicheng.refusals import add_refusal, flash_refusal

PER_PAGE = 50
METHODS = ("get", "post", "put", "patch", "delete")


# --- 接口文档 -------------------------------------------------------------------------------


@dataclass
class Prop:
    name: str
    type: str
    required: bool
    description: str
    ref: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    auth: list[str]
    parameters: list[Prop]
    body: str
    responses: list[tuple[str, str, str]]
    anchor: str = ""


@dataclass
class Component:
    name: str
    description: str
    props: list[Prop] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict[str, Any]) -> tuple[str, str]:
    """A short Chinese description of a JSON schema's type, and the component it names."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    if "anyOf" in schema:
        parts = [_type(option) for option in schema["anyOf"]]
        ref = next((r for _t, r in parts if r), "")
        return _(" 或 ").join(t for t, _r in parts), ref
    kind = schema.get("type", "")
    if kind == "array":
        inner, ref = _type(schema.get("items", {}))
        return _("%(t)s 的列表") % {"t": inner}, ref
    if "enum" in schema:
        return _("取值：%(v)s") % {"v": "、".join(str(v) for v in schema["enum"])}, ""
    if "const" in schema:
        return str(schema["const"]), ""
    names = {
        "integer": _("整数"),
        "string": _("文字"),
        "boolean": _("是/否"),
        "number": _("数字"),
        "object": _("对象"),
        "null": "null",
    }
    label = str(names.get(kind, kind))
    fmt = schema.get("format")
    if fmt == "date":
        label = _("日期")
    elif fmt == "date-time":
        label = _("日期时间")
    limits = []
    if "minimum" in schema:
        limits.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        limits.append(_("最多 %(n)s 个字符") % {"n": schema["maxLength"]})
    return (label + (f"（{'，'.join(limits)}）" if limits else "")), ""


def _prop(name: str, schema: dict[str, Any], required: bool) -> Prop:
    label, ref = _type(schema)
    description = schema.get("description", "")
    if "default" in schema and schema["default"] is not None:
        description = (description + " " + _("默认 %(d)s") % {"d": schema["default"]}).strip()
    return Prop(name, label, required, description, ref)


def _parameter(parameter: dict[str, Any]) -> Prop:
    where = {"path": _("路径"), "query": _("查询")}.get(parameter["in"], parameter["in"])
    name = f"{parameter['name']}（{where}）"
    return _prop(name, parameter.get("schema", {}), bool(parameter.get("required")))


STATUS_LABELS = {
    "200": gettext_lazy("成功"),
    "400": gettext_lazy("请求内容不是有效的 JSON"),
    "401": gettext_lazy("未登录，或接口令牌无效、已撤销、已过期"),
    "403": gettext_lazy("无权访问（角色不符或令牌没有此权限）"),
    "404": gettext_lazy("未找到，或无权查看"),
    "422": gettext_lazy("参数不正确"),
    "429": gettext_lazy("请求过于频繁"),
    "503": gettext_lazy("服务暂时不可用"),
}


def _auth(operation: dict[str, Any], schemes: dict[str, Any]) -> list[str]:
    labels = []
    for requirement in operation.get("security", []):
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "http" and scheme.get("scheme") == "bearer":
                labels.append(_("接口令牌（Authorization: Bearer …）"))
            elif scheme.get("in") == "cookie":
                labels.append(_("申请人登录会话（Cookie；修改类请求须带 CSRF 令牌）"))
            else:
                labels.append(name)
    return labels or [_("无需登录")]


def _operations(schema: dict[str, Any]) -> list[Operation]:
    schemes = schema.get("components", {}).get("securitySchemes", {})
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for status, answer in op.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json", {})
                ref = _type(content["schema"])[1] if "schema" in content else ""
                label = str(STATUS_LABELS.get(status, answer.get("description", "")))
                responses.append((status, label, ref))
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    tag=(op.get("tags") or [""])[0],
                    auth=_auth(op, schemes),
                    parameters=[_parameter(p) for p in op.get("parameters", [])],
                    body=_type(body["schema"])[1] if "schema" in body else "",
                    responses=responses,
                    anchor=op.get("operationId", ""),
                )
            )
    return found


def _components(schema: dict[str, Any]) -> list[Component]:
    out = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        out.append(
            Component(
                name=name,
                description=component.get("description", ""),
                props=[
                    _prop(prop, sub, prop in required)
                    for prop, sub in component.get("properties", {}).items()
                ],
                values=[str(v) for v in component.get("enum", [])],
            )
        )
    return out


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """接口文档: every operation of /api/v1/ and every model, from the published schema."""
    schema = api.get_openapi_schema()
    operations = _operations(schema)
    tags: dict[str, list[Operation]] = {}
    for operation in operations:
        tags.setdefault(operation.tag, []).append(operation)
    context = {
        "info": schema.get("info", {}),
        "tags": tags,
        "components": _components(schema),
        "schema_url": reverse("api:v1:openapi-json"),
        "base_url": reverse("api:v1:api-root"),
    }
    return render(request, "api/docs.html", context)


# --- 系统设置 → 接口令牌 ----------------------------------------------------------------------


@require_GET
@hr_admin_required
def tokens(request: HttpRequest) -> HttpResponse:
    """接口令牌 of the committees the hr_admin administers, newest first."""
    user = signed_in_user(request)
    rows = actions.tokens_for(user).select_related("committee", "created_by", "revoked_by")
    page = Paginator(rows.order_by("-created_at", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "api/tokens.html", {"page": page, "rows": page.object_list})


@never_cache
@require_http_methods(["GET", "POST"])
@hr_admin_required
def token_create(request: HttpRequest) -> HttpResponse:
    """新建接口令牌. The token is shown once, on the answer to the POST, and never again."""
    user = signed_in_user(request)
    committees = scoping.committees_for(user).filter(is_active=True)
    form = TokenForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_token(
                user,
                committee_id=form.cleaned_data["committee"].pk,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except Refused as refused:
            add_refusal(form, refused)
        else:
            context = {"token": made.token, "secret": made.secret, "now": timezone.now()}
            return render(request, "api/token_created.html", context)
    return render(request, "api/token_form.html", {"form": form})


@require_POST
@hr_admin_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """撤销: the token is refused from the next request on. Another region's token is a 404."""
    user = signed_in_user(request)
    try:
        token = actions.revoke_token(user, token_id)
    except Refused as refused:
        flash_refusal(request, refused)
    else:
        messages.success(request, _("已撤销%(label)s。") % {"label": token.label})
    return redirect("api_tokens:list")
