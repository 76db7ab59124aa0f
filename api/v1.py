"""REST API v1 (`/api/v1/`), django-ninja: public 证书查验, the applicant's own applications and
certificates, and a committee's applications and results for its API token.

Scoping is the pages' (a queryset per caller; someone else's id is a 404), ID numbers are
masked, and the limits are the project's (zhicheng/ratelimit.py). Every answer is JSON with
a Chinese `detail` when something is refused, and is never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.responses import Status as Answer

from accounts.models import User
from api import errors as errors_module
from api import schemas
from api.models import ApiToken, Scope
from api.schemas import _lazy
from api.security import ApplicantSession, CommitteeToken, TokenLimit, verify_limit
from applications.models import Application, Status
from catalog.models import Series
from certificates import actions as certificate_actions
from certificates.forms import VerifyForm
from certificates.models import Certificate
from certificates.qr import verify_url
from lib import visibility
from lib.refusal import Refused
from zhicheng.clientaddr import client_address

DESCRIPTION = _lazy(
    """新疆专业技术人员职称管理平台的数据接口（只读）。

* **证书查验**：无需登录，按证书编号和持证人姓名（或二维码中的令牌）查验职称电子证书；与查验页面共用每个网络地址的查验次数限制。
* **我的申请书和证书**：申请人登录本平台后，用浏览器会话读取自己的申请书和证书。
* **评审委员会**：对接系统在请求头 `Authorization: Bearer <接口令牌>` 中携带人社管理员在「系统设置 → 接口令牌」中为本委员会创建的令牌，读取本委员会的申请书办理状态和评审结果。令牌按权限（申请书状态、评审结果）授权，有有效期，可随时撤销；每个令牌另有请求次数限制。

身份证号一律部分隐藏。出错时返回 JSON：`{"detail": "中文说明"}`；参数错误（422）另附 `errors`，逐项说明。
"""
)


class PlatformAPI(NinjaAPI):
    """Every answer is about a person or a committee's work: never cached, never indexed."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        response.setdefault("Cache-Control", "no-store, private")
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


api = PlatformAPI(
    title=_lazy("新疆职称管理平台数据接口"),
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url="/openapi.json",
)
errors_module.install(api)

applicant_session = ApplicantSession()
applications_token = CommitteeToken(Scope.APPLICATIONS)
results_token = CommitteeToken(Scope.RESULTS)
TOKEN_ERRORS: dict[int, Any] = {
    401: schemas.Error,
    403: schemas.Error,
    422: schemas.Invalid,
    429: schemas.Error,
    503: schemas.Error,
}


# --- shared helpers ------------------------------------------------------------------------


def _page(
    rows: QuerySet[Any], params: schemas.PageParams, convert: Callable[[Any], Any]
) -> dict[str, Any]:
    """One page of a scoped, ordered queryset: two queries, whatever the page size."""
    items = list(rows[params.offset : params.offset + params.limit])
    return {
        "count": rows.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [convert(row) for row in items],
    }


def _aware(moment: datetime) -> datetime:
    """A time without a zone is Beijing time (the platform's TIME_ZONE)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _series_filter(rows: QuerySet[Application], code: str | None) -> QuerySet[Application]:
    if not code:
        return rows
    series = Series.objects.filter(code=code).values_list("pk", flat=True).first()
    if series is None:
        raise Refused(_("没有代码为“%(code)s”的系列。") % {"code": code}, "series")
    return rows.filter(series_id=series)


def _filtered(rows: QuerySet[Application], filters: schemas.Filters) -> QuerySet[Application]:
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    rows = _series_filter(rows, filters.series)
    if filters.level is not None:
        rows = rows.filter(level=filters.level)
    return rows


APP_RELATED = ("committee__region", "series", "title", "specialty")


# --- 证书查验 (public) -----------------------------------------------------------------------


def _verified(certificate: Certificate) -> dict[str, Any]:
    """Exactly what the verification page shows (templates/certificates/_fields.html)."""
    return {
        "number": certificate.number,
        "holder_name": certificate.holder_name,
        "id_number_masked": certificate.masked_id_number,
        "qualification": certificate.qualification,
        "specialty": certificate.specialty,
        "unit_name": certificate.unit_name,
        "committee_name": certificate.committee_name,
        "approval_number": certificate.approval.number,
        "approval_authority": certificate.approval.authority,
        "issued_on": certificate.issued_on,
        "status": certificate.status,
        "status_label": str(certificate.get_status_display()),
        "revoked_on": timezone.localdate(certificate.revoked_at)
        if certificate.revoked_at
        else None,
        "revoked_reason": certificate.revoked_reason,
    }


def _verify_answer(certificate: Certificate | None) -> dict[str, Any]:
    if certificate is None:
        # The same answer for an unknown number and a wrong name (no enumeration).
        return {
            "found": False,
            "message": _("未查询到符合条件的证书，请核对证书编号和持证人姓名。"),
            "certificate": None,
        }
    message = _("该证书已撤销。") if certificate.is_revoked else _("查验结果：证书有效。")
    return {"found": True, "message": message, "certificate": _verified(certificate)}


@api.post(
    "/certificates/verify",
    response={
        200: schemas.VerifyOut,
        400: schemas.Error,
        422: schemas.Invalid,
        429: schemas.Error,
        503: schemas.Error,
    },
    throttle=[verify_limit()],
    tags=[_lazy("证书查验")],
    summary=_lazy("按证书编号和姓名查验证书"),
    description=_lazy(
        "无需登录。编号和姓名都须与证书一致；姓名不符与编号不存在的回答相同。"
        "每次请求（包括格式错误的请求）都计入本网络地址的查验次数，与查验页面合计。"
    ),
)
def verify(request: HttpRequest, payload: schemas.VerifyIn) -> Any:
    form = VerifyForm({"number": payload.number, "name": payload.name})
    if not form.is_valid():
        errors = [
            (field, str(message)) for field, messages in form.errors.items() for message in messages
        ]
        return errors_module.invalid_response(api, request, errors)
    lookup = certificate_actions.verify_by_number(
        form.cleaned_data["number"], form.cleaned_data["name"], client_address(request)
    )
    return Answer(200, _verify_answer(lookup.certificate))


@api.get(
    "/certificates/verify/{token}",
    response={
        200: schemas.VerifyOut,
        404: schemas.VerifyOut,
        429: schemas.Error,
        503: schemas.Error,
    },
    throttle=[verify_limit()],
    tags=[_lazy("证书查验")],
    summary=_lazy("按二维码令牌查验证书"),
    description=_lazy("证书二维码中的查验地址所含的令牌；未知的令牌回答 404。"),
)
def verify_token(request: HttpRequest, token: str) -> Any:
    lookup = certificate_actions.verify_by_token(token, client_address(request))
    return Answer(200 if lookup.found else 404, _verify_answer(lookup.certificate))


# --- the signed-in applicant --------------------------------------------------------------


def _my_application(app: Application) -> dict[str, Any]:
    return {
        "id": app.pk,
        "number": app.number,
        "year": app.year,
        "business_type": app.business_type,
        "business_type_label": str(app.get_business_type_display()),
        "qualification": app.qualification_label,
        "specialty": app.specialty.name,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "current_node": app.current_label,
        "submission_count": app.submission_count,
        "created_at": app.created_at,
        "updated_at": app.updated_at,
        "last_action_at": app.last_action_at,
        "passed_at": app.passed_at,
    }


# What an applicant-session endpoint may answer besides its own result.
SESSION_ERRORS: dict[int, Any] = {401: schemas.Error, 403: schemas.Error, 422: schemas.Invalid}


def _my_applications(request: HttpRequest) -> QuerySet[Application]:
    user: User = request.auth  # type: ignore[attr-defined]
    # applications.scoping.visible_to for an applicant: their own, nobody else's.
    return (
        Application.objects.filter(applicant=user)
        .select_related(*APP_RELATED)
        .order_by("-year", "-id")
    )


@api.get(
    "/me/applications",
    response={200: schemas.MyApplicationPage, **SESSION_ERRORS},
    auth=applicant_session,
    tags=[_lazy("我的申请书和证书")],
    summary=_lazy("我的申请书"),
    description=_lazy("登录的申请人自己的申请书，按年度倒序分页。"),
)
def my_applications(request: HttpRequest, page: Query[schemas.PageParams]) -> Any:
    return _page(_my_applications(request), page, _my_application)


@api.get(
    "/me/applications/{application_id}",
    response={200: schemas.MyApplication, 404: schemas.Error, **SESSION_ERRORS},
    auth=applicant_session,
    tags=[_lazy("我的申请书和证书")],
    summary=_lazy("我的一份申请书"),
    description=_lazy("他人的申请书编号回答 404。"),
)
def my_application(request: HttpRequest, application_id: int) -> Any:
    app = _my_applications(request).filter(pk=application_id).first()
    if app is None:
        raise Http404
    return _my_application(app)


def _my_certificate(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "application_id": certificate.application_id,
        "number": certificate.number,
        "qualification": certificate.qualification,
        "specialty": certificate.specialty,
        "issued_on": certificate.issued_on,
        "status": certificate.status,
        "status_label": str(certificate.get_status_display()),
        "verification_url": verify_url(certificate),
    }


def _my_certificates(request: HttpRequest) -> QuerySet[Certificate]:
    user: User = request.auth  # type: ignore[attr-defined]
    # certificates.scoping.visible_to for an applicant: their own.
    return Certificate.objects.filter(application__applicant=user).order_by("-issued_on", "-id")


@api.get(
    "/me/certificates",
    response={200: schemas.MyCertificatePage, **SESSION_ERRORS},
    auth=applicant_session,
    tags=[_lazy("我的申请书和证书")],
    summary=_lazy("我的职称电子证书"),
)
def my_certificates(request: HttpRequest, page: Query[schemas.PageParams]) -> Any:
    return _page(_my_certificates(request), page, _my_certificate)


@api.get(
    "/me/certificates/{certificate_id}",
    response={200: schemas.MyCertificate, 404: schemas.Error, **SESSION_ERRORS},
    auth=applicant_session,
    tags=[_lazy("我的申请书和证书")],
    summary=_lazy("我的一张证书"),
    description=_lazy("他人的证书编号回答 404。"),
)
def my_certificate(request: HttpRequest, certificate_id: int) -> Any:
    certificate = _my_certificates(request).filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404
    return _my_certificate(certificate)


# --- a committee, with its token ----------------------------------------------------------


def _committee_applications(request: HttpRequest) -> QuerySet[Application]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    # The committee's 申请书查询 (applications.scoping.visible_to for committee staff): what
    # it judges, once submitted at all. api/tests/test_committee.py keeps the two in step.
    return Application.objects.filter(
        committee_id=token.committee_id, submission_count__gt=0
    ).order_by("id")


def _person(app: Application) -> dict[str, Any]:
    return {
        "applicant_name": app.applicant.real_name,
        # A token speaks for a committee, never for a person: no viewer is the holder.
        "id_number_masked": visibility.id_for(None, app.applicant, app.applicant.id_number),
        "unit_name": app.unit.name,
    }


def _committee_application(app: Application) -> dict[str, Any]:
    return {
        **_my_application(app),
        **_person(app),
        "series": app.series.code,
        "series_name": app.series.name,
        "level": app.level,
        "level_label": str(app.get_level_display()),
    }


def _with_status(
    rows: QuerySet[Application], filters: schemas.ApplicationFilters
) -> QuerySet[Application]:
    rows = _filtered(rows, filters)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.updated_since is not None:
        rows = rows.filter(updated_at__gte=_aware(filters.updated_since))
    return rows


@api.get(
    "/committee/applications",
    response={200: schemas.CommitteeApplicationPage, **TOKEN_ERRORS},
    auth=applications_token,
    throttle=[TokenLimit()],
    tags=[_lazy("评审委员会")],
    summary=_lazy("本委员会的申请书"),
    description=_lazy(
        "需要「申请书办理状态」权限的接口令牌。本委员会评审的、已提交过的申请书，按编号顺序分页，"
        "可按状态、年度、系列、级别和变化时间筛选。"
    ),
)
def committee_applications(
    request: HttpRequest,
    filters: Query[schemas.ApplicationFilters],
    page: Query[schemas.PageParams],
) -> Any:
    rows = _with_status(_committee_applications(request), filters)
    rows = rows.select_related(*APP_RELATED, "applicant", "unit")
    return _page(rows, page, _committee_application)


@api.get(
    "/committee/applications/{application_id}",
    response={200: schemas.CommitteeApplication, 404: schemas.Error, **TOKEN_ERRORS},
    auth=applications_token,
    throttle=[TokenLimit()],
    tags=[_lazy("评审委员会")],
    summary=_lazy("本委员会的一份申请书"),
    description=_lazy("其他委员会的申请书编号回答 404。"),
)
def committee_application(request: HttpRequest, application_id: int) -> Any:
    rows = _committee_applications(request).select_related(*APP_RELATED, "applicant", "unit")
    app = rows.filter(pk=application_id).first()
    if app is None:
        raise Http404
    return _committee_application(app)


RESULT_RELATED = (
    *APP_RELATED,
    "applicant",
    "unit",
    "meeting_result__meeting",
    "publicity_entry__publicity",
    "approval__document",
    "certificate",
)


def _one(app: Application, name: str) -> Any:
    # A reverse one-to-one that select_related found empty raises instead of returning None.
    return getattr(app, name, None)


def _result(app: Application) -> dict[str, Any]:
    result = _one(app, "meeting_result")
    entry = _one(app, "publicity_entry")
    approval = _one(app, "approval")
    certificate = _one(app, "certificate")
    return {
        "application_id": app.pk,
        "number": app.number,
        "year": app.year,
        "series": app.series.code,
        "level": app.level,
        "qualification": app.qualification_label,
        **_person(app),
        "passed_at": app.passed_at,
        "meeting": None
        if result is None
        else {
            "meeting_name": result.meeting.name,
            "held_on": result.meeting.held_on,
            "outcome": result.outcome,
            "outcome_label": str(result.get_outcome_display()),
            "members_present": result.members_present,
            "votes_for": result.votes_for,
            "votes_against": result.votes_against,
            "votes_abstain": result.votes_abstain,
        },
        "publicity": None
        if entry is None
        else {
            "title": entry.publicity.title,
            "starts_on": entry.publicity.starts_on,
            "ends_on": entry.publicity.ends_on,
            "removed": entry.removed,
            "removed_reason": entry.removed_reason,
        },
        "approval": None
        if approval is None
        else {
            "number": approval.document.number,
            "issued_on": approval.document.issued_on,
            "authority": approval.document.authority,
        },
        "certificate": None
        if certificate is None
        else {
            "number": certificate.number,
            "issued_on": certificate.issued_on,
            "status": certificate.status,
            "status_label": str(certificate.get_status_display()),
        },
    }


def _committee_results(request: HttpRequest) -> QuerySet[Application]:
    return (
        _committee_applications(request)
        .filter(status=Status.PASSED)
        .select_related(*RESULT_RELATED)
    )


@api.get(
    "/committee/results",
    response={200: schemas.CommitteeResultPage, **TOKEN_ERRORS},
    auth=results_token,
    throttle=[TokenLimit()],
    tags=[_lazy("评审委员会")],
    summary=_lazy("本委员会的评审结果"),
    description=_lazy(
        "需要「评审结果」权限的接口令牌。通过形式审核的申请书及其会议评审结果、公示、批文和证书，"
        "按编号顺序分页；updated_since 包括这些结果的变化。"
    ),
)
def committee_results(
    request: HttpRequest, filters: Query[schemas.Filters], page: Query[schemas.PageParams]
) -> Any:
    rows = _filtered(_committee_results(request), filters)
    if filters.updated_since is not None:
        since = _aware(filters.updated_since)
        rows = rows.filter(
            Q(updated_at__gte=since)
            | Q(meeting_result__recorded_at__gte=since)
            | Q(publicity_entry__publicity__created_at__gte=since)
            | Q(approval__document__created_at__gte=since)
            | Q(certificate__created_at__gte=since)
            | Q(certificate__revoked_at__gte=since)
        )
    return _page(rows, page, _result)


@api.get(
    "/committee/results/{application_id}",
    response={200: schemas.CommitteeResult, 404: schemas.Error, **TOKEN_ERRORS},
    auth=results_token,
    throttle=[TokenLimit()],
    tags=[_lazy("评审委员会")],
    summary=_lazy("本委员会一份申请书的评审结果"),
    description=_lazy("其他委员会的、或尚未通过形式审核的申请书编号回答 404。"),
)
def committee_result(request: HttpRequest, application_id: int) -> Any:
    app = _committee_results(request).filter(pk=application_id).first()
    if app is None:
        raise Http404
    return _result(app)
