"""What the API reads and answers (pydantic models through django-ninja).

The descriptions are the published documentation (OpenAPI schema and the docs page): lazy
translations, rendered in the reader's language when the schema is drawn. ID numbers appear
only masked (lib.visibility): no caller of the API is the holder of the number it reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, cast

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from ninja import Field, Schema


def _lazy(message: str) -> str:
    """gettext_lazy, typed as the str pydantic and django-ninja declare: each description is
    rendered in the reader's language when the schema is drawn (makemessages extracts
    `_lazy`: zhicheng/management/commands/makemessages.py)."""
    return cast(str, gettext_lazy(message))


# Application.status values (applications.models.Status); a test keeps them in step.
StatusValue = Literal["draft", "returned", "in_review", "passed"]
BusinessTypeValue = Literal["review", "initial", "special", "confer", "fhj"]
LevelValue = Literal[1, 2, 3, 4]
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000


class Error(Schema):
    detail: str = Field(description=_lazy("给调用方看的中文说明"))


class FieldError(Schema):
    field: str = Field(description=_lazy("出错的参数名"))
    message: str = Field(description=_lazy("中文说明"))


class Invalid(Schema):
    detail: str = Field(description=_lazy("中文说明"))
    errors: list[FieldError]


class PageParams(Schema):
    limit: int = Field(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=cast(str, format_lazy(_lazy("每页条数，1–{n}"), n=MAX_PAGE_SIZE)),
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=_lazy("跳过的条数（从 0 开始）"))


class Filters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description=_lazy("申请年度"))
    series: str | None = Field(None, max_length=40, description=_lazy("系列代码，如 sky"))
    level: int | None = Field(
        None, ge=1, le=4, description=_lazy("级别：1 初级，2 中级，3 副高，4 正高")
    )
    updated_since: datetime | None = Field(
        None, description=_lazy("只列出此时间以后有变化的记录（ISO 8601；不带时区时按北京时间）")
    )


class ApplicationFilters(Filters):
    status: StatusValue | None = Field(
        None,
        description=_lazy(
            "办理状态：draft 申请人填写中，returned 退回修改，in_review 审核中，passed 通过形式审核"
        ),
    )


# --- public verification ------------------------------------------------------------------


class VerifyIn(Schema):
    number: str = Field(max_length=40, description=_lazy("证书编号，如 XJ650000-2026-000123"))
    name: str = Field(max_length=50, description=_lazy("持证人姓名，与证书上的完全一致"))


class VerifiedCertificate(Schema):
    number: str = Field(description=_lazy("证书编号"))
    holder_name: str = Field(description=_lazy("姓名"))
    id_number_masked: str = Field(description=_lazy("身份证号（部分隐藏）"))
    qualification: str = Field(description=_lazy("资格"))
    specialty: str = Field(description=_lazy("专业"))
    unit_name: str = Field(description=_lazy("工作单位"))
    committee_name: str = Field(description=_lazy("评审机构"))
    approval_number: str = Field(description=_lazy("批文号"))
    approval_authority: str = Field(description=_lazy("发文机关"))
    issued_on: date = Field(description=_lazy("发证日期"))
    status: Literal["valid", "revoked"] = Field(description=_lazy("证书状态"))
    status_label: str
    revoked_on: date | None = Field(description=_lazy("撤销日期"))
    revoked_reason: str = Field(description=_lazy("撤销原因"))


class VerifyOut(Schema):
    found: bool
    message: str = Field(description=_lazy("查验结果的中文说明"))
    certificate: VerifiedCertificate | None


# --- the signed-in applicant ------------------------------------------------------------


class MyApplication(Schema):
    id: int
    number: str | None = Field(description=_lazy("申请书编号"))
    year: int = Field(description=_lazy("申请年度"))
    business_type: BusinessTypeValue
    business_type_label: str = Field(description=_lazy("业务类型，如 评审"))
    qualification: str = Field(
        description=_lazy("申请资格，如 [乌鲁木齐市][中级]社会科学研究/助理研究员")
    )
    specialty: str = Field(description=_lazy("专业"))
    status: StatusValue
    status_label: str
    current_node: str = Field(description=_lazy("当前所在节点，如 基层工作单位"))
    submission_count: int = Field(description=_lazy("已提交次数"))
    created_at: datetime
    updated_at: datetime
    last_action_at: datetime | None = Field(description=_lazy("最近一次办理时间"))
    passed_at: datetime | None = Field(description=_lazy("通过形式审核的时间"))


class MyApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MyApplication]


class MyCertificate(Schema):
    id: int
    application_id: int
    number: str = Field(description=_lazy("证书编号"))
    qualification: str
    specialty: str
    issued_on: date = Field(description=_lazy("发证日期"))
    status: Literal["valid", "revoked"]
    status_label: str
    verification_url: str = Field(description=_lazy("公开查验地址（证书二维码的内容）"))


class MyCertificatePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MyCertificate]


# --- committee staff, with a token ------------------------------------------------------


class CommitteeApplication(Schema):
    id: int
    number: str | None
    year: int
    business_type: BusinessTypeValue
    business_type_label: str
    series: str = Field(description=_lazy("系列代码"))
    series_name: str
    level: LevelValue
    level_label: str
    qualification: str
    specialty: str
    applicant_name: str = Field(description=_lazy("申请人姓名"))
    id_number_masked: str = Field(description=_lazy("申请人身份证号（部分隐藏）"))
    unit_name: str = Field(description=_lazy("基层工作单位"))
    status: StatusValue
    status_label: str
    current_node: str
    submission_count: int
    created_at: datetime
    updated_at: datetime
    last_action_at: datetime | None
    passed_at: datetime | None


class CommitteeApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CommitteeApplication]


class MeetingOutcome(Schema):
    meeting_name: str
    held_on: date
    outcome: Literal["pending", "passed", "failed"]
    outcome_label: str
    members_present: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None


class PublicityOut(Schema):
    title: str
    starts_on: date
    ends_on: date
    removed: bool = Field(description=_lazy("因异议成立撤出公示名单"))
    removed_reason: str


class ApprovalOut(Schema):
    number: str = Field(description=_lazy("批文号"))
    issued_on: date
    authority: str


class CertificateOut(Schema):
    number: str
    issued_on: date
    status: Literal["valid", "revoked"]
    status_label: str


class CommitteeResult(Schema):
    application_id: int
    number: str | None
    year: int
    series: str
    level: LevelValue
    qualification: str
    applicant_name: str
    id_number_masked: str
    unit_name: str
    passed_at: datetime | None = Field(description=_lazy("通过形式审核的时间"))
    meeting: MeetingOutcome | None = Field(description=_lazy("会议评审结果；未列入会议时为 null"))
    publicity: PublicityOut | None = Field(description=_lazy("公示；未公示时为 null"))
    approval: ApprovalOut | None = Field(description=_lazy("批文；未发文时为 null"))
    certificate: CertificateOut | None = Field(description=_lazy("职称电子证书；未颁发时为 null"))


class CommitteeResultPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CommitteeResult]
