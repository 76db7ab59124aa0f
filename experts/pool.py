"""评审专家库 actions: add an expert (with an expert account), import a sheet, declare relations.

Each expert gets an account of the `expert` role (second factor required at sign-in, see
settings.OTP_REQUIRED_ROLES); its first password is returned once, for the staff to hand over.
"""

from __future__ import annotations

import io
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from catalog.models import Series, Specialty
from experts.common import committee_of, name_text
from experts.models import Expert, Relation
from lib.idcard import validate_id_number
from lib.mobile import clean_mobile
from lib.refusal import Refused
from orgs.models import BaseUnit, Region
from results import excel

HEADERS = ("姓名", "职称", "专业", "工作单位", "地区", "手机号")  # i18n: data
MAX_ROWS = 500


@dataclass(frozen=True)
class ExpertData:
    name: str
    title: str
    specialty: str
    unit_name: str
    region: str
    mobile: str


@dataclass(frozen=True)
class Added:
    """An expert just added and the first password of their account (shown once)."""

    expert: Expert
    password: str


def _password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "Zj-" + "".join(secrets.choice(alphabet) for _ in range(12))


def _username() -> str:
    return "zj" + "".join(secrets.choice(string.digits) for _ in range(8))


def _clean(data: ExpertData, series: Series) -> dict[str, Any]:
    """The typed row checked: text, the series' specialty and a region, by name."""
    out: dict[str, Any] = {
        "name": name_text(data.name, field="name", label=_("姓名")),
        "title": name_text(data.title, field="title", label=_("职称")),
        "unit_name": name_text(
            data.unit_name, field="unit_name", label=_("工作单位"), max_length=100
        ),
    }
    spec = name_text(data.specialty, field="specialty", label=_("专业"))
    out["specialty"] = Specialty.objects.filter(series=series, name=spec).first()
    if out["specialty"] is None:
        raise Refused(
            _("“%(s)s”不是%(series)s的专业。") % {"s": spec, "series": series.name}, "specialty"
        )
    region = name_text(data.region, field="region", label=_("地区"))
    out["region"] = Region.objects.filter(name=region).order_by("code").first()
    if out["region"] is None:
        raise Refused(_("没有名为“%(r)s”的地区。") % {"r": region}, "region")
    out["mobile"] = clean_mobile(data.mobile, "mobile")
    out["unit"] = BaseUnit.objects.filter(name=out["unit_name"]).first()
    return out


def _create(staff: User, committee_id: int, series: Series, row: dict[str, Any]) -> Added:
    password = _password()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                user = User(
                    username=_username(),
                    role=Role.EXPERT,
                    real_name=row["name"],
                    mobile=row["mobile"],
                )
                user.set_password(password)
                user.save()
                break
        except IntegrityError:
            continue
    else:  # pragma: no cover - eight random digits collided five times
        raise Refused(_("账号生成失败，请重试。"))
    expert = Expert.objects.create(
        committee_id=committee_id,
        series=series,
        specialty=row["specialty"],
        user=user,
        name=row["name"],
        title=row["title"],
        unit_name=row["unit_name"],
        unit=row["unit"],
        region=row["region"],
        created_by=staff,
    )
    return Added(expert, password)


def _audit(staff: User, added: list[Added]) -> None:
    """A new account of the expert role is a grant of access: in the security audit."""
    for item in added:
        record(
            AuditEvent.Action.ROLE_CHANGED,
            actor=staff,
            target=f"user:{item.expert.user_id}",
            detail=f"{item.expert.user.username} {Role.EXPERT.value}",
        )


def add_expert(staff: User, series_id: int, data: ExpertData) -> Added:
    """Add one expert to the committee's pool for a series, with a new expert account."""
    committee_id = committee_of(staff)
    series = Series.objects.filter(pk=series_id, is_active=True).first()
    if series is None:
        raise Refused(_("请选择系列。"), "series")
    row = _clean(data, series)
    with transaction.atomic():
        added = _create(staff, committee_id, series, row)
        _audit(staff, [added])
    return added


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return _("第 %(r)s 行：%(m)s") % {"r": self.row, "m": self.message}


class SheetRefused(Refused):
    """The sheet was refused as a whole; `errors` lists every row's problem."""

    def __init__(self, message: str, errors: Sequence[RowProblem] = ()) -> None:
        super().__init__(message, "file")
        self.errors = list(errors)


def read_rows(upload: IO[bytes]) -> list[tuple[int, ExpertData]]:
    """The sheet's data rows under the header 姓名 职称 专业 工作单位 地区 手机号."""
    try:
        data = excel._read_bytes(upload)
        excel._check_zip(data)
    except Refused as error:
        raise SheetRefused(str(error.message)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
        book.close()
    except Exception:  # noqa: BLE001  (a damaged upload may fail anywhere inside the parser)
        raise SheetRefused(str(excel.NOT_XLSX)) from None
    header = tuple(excel.cell_text(v) for v in (rows[0] if rows else ()))[: len(HEADERS)]
    if header != HEADERS:
        raise SheetRefused(_("表头应为：%(h)s。") % {"h": "、".join(HEADERS)})
    out = []
    for number, values in enumerate(rows[1:], start=2):
        cells = [excel.cell_text(v) for v in values[: len(HEADERS)]]
        cells += [""] * (len(HEADERS) - len(cells))
        if any(cells):
            out.append((number, ExpertData(*cells)))
    if len(out) > MAX_ROWS:
        raise SheetRefused(_("一次最多导入 %(n)s 位专家。") % {"n": MAX_ROWS})
    if not out:
        raise SheetRefused(_("表格中没有专家。"))
    return out


def import_experts(staff: User, series_id: int, upload: IO[bytes]) -> list[Added]:
    """Every row checked first; all experts added, or none (each error with its row)."""
    committee_id = committee_of(staff)
    series = Series.objects.filter(pk=series_id, is_active=True).first()
    if series is None:
        raise Refused(_("请选择系列。"), "series")
    rows = read_rows(upload)
    cleaned, errors = [], []
    for number, data in rows:
        try:
            cleaned.append(_clean(data, series))
        except Refused as error:
            errors.append(RowProblem(number, str(error.message)))
    if errors:
        raise SheetRefused(
            _("表格中有 %(n)s 处错误，未导入任何专家。") % {"n": len(errors)}, errors
        )
    with transaction.atomic():
        added = [_create(staff, committee_id, series, row) for row in cleaned]
        _audit(staff, added)
    return added


def declare_relation(
    staff: User, expert_id: int, *, id_number: str, name: str, kind: str
) -> Relation:
    """Record a relation of an expert; the draw leaves them out of panels judging that person."""
    committee_id = committee_of(staff)
    try:
        number = validate_id_number(id_number)
    except ValueError as error:
        raise Refused(str(error), "id_number") from None
    name = name_text(name, field="name", label=_("关系人姓名"))
    kind = name_text(kind, field="kind", label=_("关系"), max_length=30)
    with transaction.atomic():
        expert = (
            Expert.objects.select_for_update()
            .filter(committee_id=committee_id, pk=expert_id)
            .first()
        )
        if expert is None:
            raise Refused(_("专家不存在。"))
        relation, created = Relation.objects.get_or_create(
            expert=expert, id_number=number, defaults={"name": name, "kind": kind}
        )
        if not created:
            raise Refused(_("已登记过该关系人。"), "id_number")
    return relation


def set_active(staff: User, expert_id: int, *, active: bool) -> Expert:
    """Take an expert out of the pool (no longer drawn) or put them back; seats already drawn stay."""
    committee_id = committee_of(staff)
    with transaction.atomic():
        expert = (
            Expert.objects.select_for_update()
            .filter(committee_id=committee_id, pk=expert_id)
            .first()
        )
        if expert is None:
            raise Refused(_("专家不存在。"))
        if expert.is_active == active:
            raise Refused(_("专家已在库。") if active else _("专家已停用。"))
        expert.is_active = active
        expert.save(update_fields=["is_active"])
    return expert
