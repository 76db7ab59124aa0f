"""The printed forms of an application: 评审表, 职称材料袋基本信息 and 呈报表.

Each builder gathers what the form shows (from `applications.display.sections_view`, the
unit's recommendation and the committee), cuts the sections down to the paper they have
(`documents.sheets.shrink`), and lets `documents.pdf.fit` render until the PDF has exactly
the form's pages. What is cut always says where the full content is.

A TEST form carries a 测试表 stamp on every page; an OFFICIAL one (only after 通过形式审核)
carries on every page a faint watermark naming the application, the applicant, the print
time and who printed it. Both are `position: fixed` elements, which WeasyPrint repeats on
every page, written as horizontal lines so the text can be read back from the PDF. An
official 评审表 is laid out once as a body with its marking hidden (`review_form_body`) and
each print stamps the marking on it (documents/bodies.py, documents/stamping.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications.display import SectionView, sections_view
from applications.models import Application, Status
from catalog.models import BusinessType
from documents.pdf import Rendered, fit, lay_out
from documents.sheets import clip, shrink, total_height
from lib.visibility import id_for
from reviews.models import Recommendation

P = ParamSpec("P")
R = TypeVar("R")

PAGE_HEIGHT_MM = 270.0  # A4 minus the page margins of _print.css
REVIEW_HEAD_MM = 20.0  # title and the line under it
REVIEW_TAIL_MM = 10.0  # the closing note
OPINIONS_MM = 130.0  # the three opinion boxes of the 评审表 (42 + 32 + 36) with their titles
PAGE_BREAK_WASTE_MM = 12.0  # a table row or a title that does not fit at the foot of page 1

FORM_TITLES: dict[str, StrPromise] = {
    BusinessType.REVIEW: gettext_lazy("专业技术人员职称评审表"),
    BusinessType.INITIAL: gettext_lazy("专业技术人员职称初次确定表"),
    BusinessType.SPECIAL: gettext_lazy("特殊人才职称认定评审表"),
    BusinessType.CONFER: gettext_lazy("专业技术人员职称授予审核表"),
    BusinessType.FHJ: gettext_lazy("访惠聚驻村工作队员职称三年高定评审表"),
}
# The forms are official papers in Chinese, whatever language the person printing reads.
OFFICIAL_LANGUAGE = "zh-hans"


def in_official_language(build: Callable[P, R]) -> Callable[P, R]:
    """Build a form with Chinese active (its fixed text goes through the translation
    functions like every other text, but the paper itself is always Chinese)."""

    @wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(OFFICIAL_LANGUAGE):
            return build(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Marking:
    """The stamp or watermark every page carries; `frozen`: laid out but not drawn (the
    body of a stamped print, documents/stamping.py)."""

    official: bool
    text: str
    serial: str
    printed_at: str
    printer: str
    frozen: bool = False

    @property
    def rows(self) -> list[tuple[int, int]]:
        """(top, left) in millimetres of each watermark line, staggered."""
        return [(8 + 27 * i, -30 if i % 2 else 0) for i in range(10)]


def marking(app: Application, user: User, *, official: bool, serial: str) -> Marking:
    now = timezone.localtime(timezone.now())
    printed_at = now.strftime("%Y-%m-%d %H:%M")
    printer = _("%(name)s（%(role)s）") % {
        "name": user.display_name,
        "role": user.get_role_display(),
    }
    if official:
        text = _("%(number)s %(name)s 打印时间 %(at)s 打印人 %(printer)s") % {
            "number": app.number,
            "name": app.applicant.display_name,
            "at": printed_at,
            "printer": printer,
        }
    else:
        text = _("测试表 仅供核对 不能作为正式材料报送")
    return Marking(official, text, serial, printed_at, printer)


# One line of the watermark's text in a body: where each line starts and its baseline
# depend on the line's font, not on its text.
FROZEN = Marking(True, "X", "DY00000000", "", "", frozen=True)


def serial_line(mark: Marking) -> str:
    """The official form's footer line (the same message as `_marking.html`'s)."""
    return _("正式表 打印流水号 %(serial)s") % {"serial": mark.serial}


def watermark_line(mark: Marking) -> str:
    """One line of the watermark as `_marking.html` writes it: the text three times."""
    return "　　　　".join([mark.text] * 3)


def id_number_for(app: Application, user: User) -> str:
    """The full ID number on the holder's own print; masked on anyone else's."""
    return id_for(user, app.applicant, app.applicant.id_number)


def id_number_of(app: Application, *, full: bool) -> str:
    """The holder's ID number whole (`full`, the holder's own print) or masked."""
    return id_for(app.applicant if full else None, app.applicant, app.applicant.id_number)


def recommendation_of(app: Application) -> Recommendation | None:
    return Recommendation.objects.filter(application=app).first()


def keyed(view: SectionView) -> dict[str, str]:
    """A non-repeatable section's values by field key."""
    return {
        spec.key: fv.value for spec, fv in zip(view.section.fields.all(), view.fields, strict=True)
    }


@dataclass
class Opinion:
    title: str
    height_mm: int
    text: str = ""
    people: str = ""
    sign: str = ""
    extra: str = ""


def _common(app: Application, mark: Marking, title: str) -> dict[str, object]:
    return {
        "app": app,
        "title": title,
        "marking": mark,
        "business_type": app.get_business_type_display(),
        "passed_at": (
            timezone.localtime(app.passed_at).strftime("%Y-%m-%d")
            if app.status == Status.PASSED and app.passed_at
            else ""
        ),
    }


# --- 评审表 -------------------------------------------------------------------------------

OPINION_CHARS = 300  # of the unit's recommendation (at most 1000) in its box


def _unit_opinion(rec: Recommendation | None, number: int, height: int = 42) -> Opinion:
    opinion = Opinion(_("单位推荐意见"), height, sign=_("基层工作单位（盖章）　　负责人签字："))
    if rec is None:
        return opinion
    text, cut = clip(rec.opinion, OPINION_CHARS * height / 42)
    if cut:
        text += _("（全文见申请书第 %(n)s 栏“单位推荐意见”）") % {"n": number}
    opinion.text = text
    opinion.people = _("职称工作负责人：%(person)s　联系电话：%(mobile)s") % {
        "person": rec.responsible_person,
        "mobile": rec.responsible_mobile,
    }
    return opinion


@in_official_language
def review_form(app: Application, user: User, *, official: bool, serial: str) -> Rendered:
    """评审表: two A4 pages, one sheet printed on both sides, laid out whole."""
    mark = marking(app, user, official=official, serial=serial)
    return fit(review_form_html(app, id_number_for(app, user), mark), pages=2)


@in_official_language
def review_form_marked(app: Application, id_number: str, mark: Marking) -> Rendered:
    """The 评审表 with a given marking, laid out whole (what a stamped print must equal)."""
    return fit(review_form_html(app, id_number, mark), pages=2)


@in_official_language
def review_form_body(app: Application, *, full_id: bool) -> tuple[Any, int]:
    """The official 评审表 laid out with its marking hidden: the WeasyPrint document (its
    boxes say where the marking goes) and its page count. `full_id` for the holder's."""
    document, count, _squeeze = lay_out(
        review_form_html(app, id_number_of(app, full=full_id), FROZEN), pages=2
    )
    return document, count


def review_form_html(
    app: Application, id_number: str, mark: Marking
) -> Callable[[float, bool], str]:
    """评审表: two A4 pages, one sheet printed on both sides (`make` for `documents.pdf`).

    Page 1 holds the title and the first sections (基本信息 onwards); the rest flow onto
    page 2, which ends with the opinion boxes of the unit, the department and the
    committee. What does not fit is abbreviated, each time saying where the full text is.
    Call it, and the function it returns, with the official language active.
    """
    views = sections_view(app, id_for_viewer=id_number)
    own = [v for v in views if not v.section.filled_by_unit]
    unit_section = next((v.section.position for v in views if v.section.filled_by_unit), 0)
    rec = recommendation_of(app)
    first = PAGE_HEIGHT_MM - REVIEW_HEAD_MM
    second = PAGE_HEIGHT_MM - OPINIONS_MM - REVIEW_TAIL_MM
    opinions = [
        _unit_opinion(rec, unit_section),
        Opinion(_("主管部门意见"), 32, sign=_("主管部门（盖章）　　负责人签字：")),
        Opinion(
            _("评审委员会意见"),
            36,
            extra=_("评审结果：同意 ____ 票，不同意 ____ 票，弃权 ____ 票。"),
            sign=_("评审委员会（盖章）　　主任委员签字："),
        ),
    ]

    def make(squeeze: float, spread: bool) -> str:
        blocks = shrink(own, (first + second - PAGE_BREAK_WASTE_MM) * squeeze)
        ends_on_first = total_height(blocks) + OPINIONS_MM <= first
        context = {
            **_common(app, mark, str(FORM_TITLES.get(app.business_type, _("职称评审表")))),
            "blocks": blocks,
            "opinions": opinions,
            "opinions_on_new_page": spread or ends_on_first,
        }
        return render_to_string("documents/review_form.html", context)

    return make


# --- 职称材料袋基本信息 ------------------------------------------------------------------------


@dataclass
class ChecklistItem:
    name: str
    copies: str


def checklist(views: list[SectionView]) -> list[ChecklistItem]:
    """The 评审表 and every slot of evidence with files in it, in section order."""
    items = [ChecklistItem(_("评审表（A4 纸正反面打印，申请人签字）"), _("%(n)s 份") % {"n": 1})]
    for view in views:
        counts: dict[str, int] = {}
        for placed in view.files:
            counts[placed.slot_key] = counts.get(placed.slot_key, 0) + 1
        for slot in view.section.slots.all():
            if counts.get(slot.key):
                items.append(
                    ChecklistItem(
                        _("第 %(n)s 栏 %(title)s：%(slot)s")
                        % {
                            "n": view.section.position,
                            "title": view.section.title,
                            "slot": slot.label,
                        },
                        _("%(n)s 份") % {"n": counts[slot.key]},
                    )
                )
    return items


ENVELOPE_ROWS = 18  # checklist rows that fit under the facts and the committee's requirements
ENVELOPE_TEXT = 160  # characters of each of the committee's requirements


@in_official_language
def envelope(app: Application, user: User, *, official: bool, serial: str) -> Rendered:
    """职称材料袋基本信息: one page for the envelope of the paper materials."""
    views = sections_view(app, id_for_viewer=id_number_for(app, user))
    basic = next((keyed(v) for v in views if v.section.key == "basic"), {})
    items = checklist(views)
    mark = marking(app, user, official=official, serial=serial)
    committee = app.committee

    def make(squeeze: float, spread: bool) -> str:
        shown = items[: max(1, int(ENVELOPE_ROWS * squeeze))]
        chars = ENVELOPE_TEXT * squeeze
        context = {
            **_common(app, mark, _("职称材料袋基本信息")),
            "id_number": id_number_for(app, user),
            "sex": basic.get("sex", ""),
            "department": basic.get("department", ""),
            "items": shown,
            "more": len(items) - len(shown),
            "paper_deadline": committee.paper_deadline,
            "paper_contents": clip(committee.paper_contents, chars)[0],
            "paper_binding": clip(committee.paper_binding, chars)[0],
        }
        return render_to_string("documents/envelope.html", context)

    return fit(make, pages=1)


# --- 呈报表 (special talent) -----------------------------------------------------------------

REPORT_ORDER = ("contribution", "results", "qualification", "career", "education", "evidence")
REPORT_FACTS = (
    ("name", gettext_lazy("姓名")),
    ("sex", gettext_lazy("性别")),
    ("ethnicity", gettext_lazy("民族")),
    ("birth_date", gettext_lazy("出生日期")),
    ("education", gettext_lazy("学历")),
    ("political_status", gettext_lazy("政治面貌")),
    ("work_start_date", gettext_lazy("参加工作时间")),
    ("admin_post", gettext_lazy("现(兼)任行政职务")),
)
REPORT_FACTS_MM = 62.0  # the 基本情况 table
REPORT_OPINIONS_MM = 4 * 30.0 + 4 * 7.5
FACT_CHARS = 30


@in_official_language
def report_form(app: Application, user: User, *, serial: str) -> Rendered:
    """呈报表: a special-talent recognition reported to the committee, after 通过形式审核.

    One sheet printed on both sides: the facts and the contribution first, then the
    results and career; page 2 ends with the opinions of the unit, the department, the
    committee and the human-resources department.
    """
    views = sections_view(app, id_for_viewer=id_number_for(app, user))
    basic = next((keyed(v) for v in views if v.section.key == "basic"), {})
    unit_section = next((v.section.position for v in views if v.section.filled_by_unit), 0)
    rec = recommendation_of(app)
    order = {key: i for i, key in enumerate(REPORT_ORDER)}
    chosen = sorted(
        (v for v in views if v.section.key != "basic" and not v.section.filled_by_unit),
        key=lambda v: (order.get(v.section.key, len(order)), v.section.position),
    )
    current = next((v.rows[0] for v in views if v.section.key == "qualification" and v.rows), None)
    current_title = ""
    if current and len(current) > 1:
        current_title = _("%(title)s（%(on)s 取得）") % {
            "title": clip(current[0].value, FACT_CHARS)[0],
            "on": current[1].value,
        }
    facts = [(str(label), clip(basic.get(key, ""), FACT_CHARS)[0]) for key, label in REPORT_FACTS]
    mark = marking(app, user, official=True, serial=serial)
    first = PAGE_HEIGHT_MM - REVIEW_HEAD_MM - REPORT_FACTS_MM
    second = PAGE_HEIGHT_MM - REPORT_OPINIONS_MM
    unit = _unit_opinion(rec, unit_section, height=30)
    unit.title = _("基层工作单位意见")
    opinions = [
        unit,
        Opinion(_("主管部门意见"), 30, sign=_("主管部门（盖章）　　负责人签字：")),
        Opinion(_("评审机构意见"), 30, sign=_("评审机构（盖章）　　负责人签字：")),
        Opinion(_("人力资源和社会保障部门意见"), 30, sign=_("人力资源和社会保障部门（盖章）")),
    ]

    def make(squeeze: float, spread: bool) -> str:
        blocks = shrink(chosen, (first + second - PAGE_BREAK_WASTE_MM) * squeeze)
        context = {
            **_common(app, mark, _("特殊人才职称认定呈报表")),
            "fact_rows": [facts[i : i + 2] for i in range(0, len(facts), 2)],
            "id_number": id_number_for(app, user),
            "department": clip(basic.get("department", ""), FACT_CHARS)[0],
            "current_title": current_title,
            "blocks": blocks,
            "opinions": opinions,
            "opinions_on_new_page": spread or total_height(blocks) + REPORT_OPINIONS_MM <= first,
        }
        return render_to_string("documents/report_form.html", context)

    return fit(make, pages=2)
