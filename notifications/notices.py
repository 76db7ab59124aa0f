"""What each workflow step tells whom. The actions call these from inside their transaction.

Each function only remembers ids and registers an `on_commit` callback: the texts and
the recipients are read after the commit, so the locked transaction runs no extra
query and a refused or rolled-back step sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.actions import notify, staff_of

if TYPE_CHECKING:
    from applications.models import Application


def _load(app_id: int) -> Application:
    from applications.models import Application

    return Application.objects.select_related(
        "applicant", "series", "title", "committee__region"
    ).get(pk=app_id)


def _detail(app: Application) -> str:
    return reverse("applications:detail", args=[app.pk])


def _handle(app: Application) -> str:
    return reverse("reviews:handle", args=[app.pk])


def _later(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback, robust=True)


def _tell_holder(app: Application, holder: tuple[int | None, int | None, int | None]) -> None:
    notify(
        staff_of(*holder),
        _("有新的申请书待审核：%(number)s") % {"number": app.number},
        _("%(name)s的申请书 %(number)s（%(qual)s）已提交至%(node)s，请及时审核。")
        % {
            "name": app.applicant.display_name,
            "number": app.number,
            "qual": app.qualification_label,
            "node": app.current_label,
        },
        _handle(app),
        app,
    )


def _holder_of(app: Application) -> tuple[int | None, int | None, int | None]:
    return (app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


def submitted(app: Application) -> None:
    """提交: the applicant, and the staff of the organisation now holding it."""
    app_id, holder = app.pk, _holder_of(app)

    def send() -> None:
        loaded = _load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已提交：%(number)s") % {"number": loaded.number},
            _("您的申请书 %(number)s（%(qual)s）已提交至%(node)s，请耐心等待审核。")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "node": loaded.current_label,
            },
            _detail(loaded),
            loaded,
        )
        _tell_holder(loaded, holder)

    _later(send)


def returned(app: Application, org: str, opinion: str) -> None:
    """退回: the applicant, with the overall opinion."""
    app_id = app.pk

    def send() -> None:
        loaded = _load(app_id)
        notify(
            [loaded.applicant],
            _("申请书被退回修改：%(number)s") % {"number": loaded.number},
            _("您的申请书 %(number)s（%(qual)s）被%(org)s退回修改。退回意见：%(opinion)s")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "org": org,
                "opinion": opinion,
            },
            reverse("applications:opinions", args=[loaded.pk]),
            loaded,
        )

    _later(send)


def passed_on(app: Application) -> None:
    """审核通过 to the next node: the applicant, and the next holder's staff."""
    app_id, holder = app.pk, _holder_of(app)

    def send() -> None:
        loaded = _load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已审核通过并转至%(node)s：%(number)s")
            % {"number": loaded.number, "node": loaded.current_label},
            _("您的申请书 %(number)s（%(qual)s）已审核通过，转至%(node)s继续审核。")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "node": loaded.current_label,
            },
            _detail(loaded),
            loaded,
        )
        _tell_holder(loaded, holder)

    _later(send)


def formal_review_passed(app: Application) -> None:
    """通过形式审核: the applicant, pointed at fees, papers and the meeting."""
    app_id = app.pk

    def send() -> None:
        loaded = _load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已通过形式审核：%(number)s") % {"number": loaded.number},
            _(
                "您的申请书 %(number)s（%(qual)s）已通过形式审核。"
                "请在“评审结果查询”中查看缴费和纸质材料要求。"
            )
            % {"number": loaded.number, "qual": loaded.qualification_label},
            reverse("results:mine"),
            loaded,
        )

    _later(send)


def results_recorded(result_ids: Iterable[int]) -> None:
    """会议评审结果录入 (or corrected): each application's applicant."""
    ids = list(result_ids)

    def send() -> None:
        from results.models import MeetingResult

        rows = MeetingResult.objects.filter(pk__in=ids).select_related(
            "meeting",
            "application__applicant",
            "application__series",
            "application__title",
            "application__committee__region",
        )
        for row in rows:
            app = row.application
            notify(
                [app.applicant],
                _("评审结果已录入：%(number)s") % {"number": app.number},
                _("您的申请书 %(number)s（%(qual)s）在%(meeting)s的评审结果为：%(outcome)s。")
                % {
                    "number": app.number,
                    "qual": app.qualification_label,
                    "meeting": row.meeting.name,
                    "outcome": row.get_outcome_display(),
                },
                reverse("results:mine"),
                app,
            )

    _later(send)


def certificates_issued(app_ids: Iterable[int]) -> None:
    """职称电子证书颁发: each holder (by the applications that received a certificate)."""
    ids = list(app_ids)

    def send() -> None:
        from certificates.models import Certificate

        rows = (
            Certificate.objects.filter(application_id__in=ids)
            .select_related("application__applicant")
            .order_by("pk")
        )
        for certificate in rows:
            app = certificate.application
            notify(
                [app.applicant],
                _("职称电子证书已颁发：%(number)s") % {"number": certificate.number},
                _("您的职称电子证书（%(qual)s，证书编号 %(number)s）已颁发，可查看和打印。")
                % {"qual": certificate.qualification, "number": certificate.number},
                reverse("certificates:detail", args=[certificate.pk]),
                app,
            )

    _later(send)
