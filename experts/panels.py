"""Panel actions: draw, decline and replace, 回避, vote, close (the results computed), 复查 period.

Every action here locks the meeting's `Panel` row first, so a vote and the close, or two
declines, are taken one after the other and each checks the state it finds. The rules of
《职称评审管理暂行规定》 are checked here, not typed in: a meeting closes only with at least
two thirds of the panel present, and an applicant passes with at least two thirds of the
experts present (less those who stepped aside for them) voting 同意. The results are written
through `results.actions.record_result`, the results app's own recording action.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications.models import Application
from experts import draw, notices
from experts.common import block_text, committee_of, event, name_text
from experts.models import Expert, Interest, Panel, PanelEvent, Recheck, Relation, Seat, Vote
from lib.refusal import Refused
from results import actions as results_actions
from results import rules as results_rules
from results.models import Meeting, MeetingResult, Publicity

MIN_SIZE, MAX_SIZE = 3, 99
CLOSED = _("本次会议的评审已结束，不能再更改。")


# --- who may sit on the panel ---------------------------------------------------------------


def subjects(panel: Panel) -> list[Application]:
    """What the panel votes on: the meeting's applications and the 复查 sent to it for a new vote."""
    in_meeting = Application.objects.filter(meeting_result__meeting_id=panel.meeting_id)
    revotes = Application.objects.filter(
        rechecks__revote_panel=panel, rechecks__status=Recheck.Status.UPHELD
    )
    return list(
        (in_meeting | revotes)
        .distinct()
        .select_related("applicant", "unit", "series", "title", "specialty")
        .order_by("number", "pk")
    )


def conflicts(expert: Expert, apps: Sequence[Application], relations: set[str]) -> bool:
    """An expert of an applicant's own unit, or related to an applicant, may not judge them."""
    for app in apps:
        if expert.unit_id is not None and expert.unit_id == app.unit_id:
            return True
        if app.unit is not None and expert.unit_name == app.unit.name:
            return True
        if app.applicant.id_number and app.applicant.id_number in relations:
            return True
    return False


def relations_of(expert_ids: Sequence[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for expert_id, number in Relation.objects.filter(expert_id__in=expert_ids).values_list(
        "expert_id", "id_number"
    ):
        out.setdefault(expert_id, set()).add(number)
    return out


# --- drawing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawRules:
    size: int
    by_specialty: Mapping[int, int]


def clean_rules(size: int, by_specialty: Mapping[int, int]) -> DrawRules:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise Refused(
            _("评审专家人数应为 %(a)s 至 %(b)s 人。") % {"a": MIN_SIZE, "b": MAX_SIZE}, "size"
        )
    wanted = {int(k): int(v) for k, v in by_specialty.items() if int(v) > 0}
    if any(v < 0 for v in by_specialty.values()):
        raise Refused(_("专业人数不能为负数。"), "rules")
    if sum(wanted.values()) > size:
        raise Refused(
            _("各专业人数之和（%(n)s）超过了评审专家人数（%(s)s）。")
            % {"n": sum(wanted.values()), "s": size},
            "rules",
        )
    return DrawRules(size, wanted)


def draw_panel(
    staff: User, meeting_id: int, size: int, by_specialty: Mapping[int, int], *, seed: str = ""
) -> Panel:
    """Draw the meeting's panel at random from the committee's active pool for its series.

    Left out before the draw: experts of an applicant's own unit or with a declared relation
    to an applicant. The seed (random unless given, for an audit re-run) and the pool as it was
    are stored, so the same draw can be made again. One panel per meeting.
    """
    committee_id = committee_of(staff)
    wanted = clean_rules(size, by_specialty)
    seed = seed or secrets.token_hex(8)
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update()
            .filter(committee_id=committee_id, pk=meeting_id)
            .first()
        )
        if meeting is None:
            raise Http404
        if Panel.objects.filter(meeting=meeting).exists():
            raise Refused(_("本次会议已抽取评审专家，不能重复抽取。"))
        if Publicity.objects.filter(meeting=meeting).exists():
            raise Refused(_("本次会议的评审结果已公示，不能再抽取评审专家。"))
        apps = list(
            Application.objects.filter(meeting_result__meeting=meeting).select_related(
                "applicant", "unit"
            )
        )
        if not apps:
            raise Refused(_("本次会议还没有申请书，请先增加申请书再抽取评审专家。"))
        if MeetingResult.objects.filter(meeting=meeting).exclude(outcome="pending").exists():
            raise Refused(_("本次会议已录入评审结果，不能再抽取评审专家。"))
        series_ids = {a.series_id for a in apps}
        experts = list(
            Expert.objects.filter(
                committee_id=committee_id, is_active=True, series_id__in=series_ids
            ).order_by("pk")
        )
        relations = relations_of([e.pk for e in experts])
        excluded = [e.pk for e in experts if conflicts(e, apps, relations.get(e.pk, set()))]
        pool = [draw.Candidate(e.pk, e.specialty_id) for e in experts if e.pk not in set(excluded)]
        try:
            chosen = draw.draw(pool, wanted.by_specialty, wanted.size, seed)
        except draw.NotEnough as short:
            raise Refused(
                _(
                    "专家库中可抽取的专家不足：需要 %(w)s 人，可抽取 %(a)s 人（已排除回避的 %(x)s 人）。"
                )
                % {"w": short.wanted, "a": short.available, "x": len(excluded)},
                "rules" if short.specialty_id else "size",
            ) from None
        panel = Panel.objects.create(
            meeting=meeting,
            size=wanted.size,
            rules={str(k): v for k, v in wanted.by_specialty.items()},
            seed=seed,
            pool=[[c.id, c.specialty_id] for c in pool],
            excluded=excluded,
            drawn_by=staff,
        )
        Seat.objects.bulk_create(
            [Seat(panel=panel, expert_id=pk, order=i) for i, pk in enumerate(chosen, start=1)]
        )
        event(panel, PanelEvent.Kind.DRAWN, staff, seed=seed, chosen=chosen, excluded=excluded)
        notices.drawn(User.objects.filter(expert__pk__in=chosen), meeting)
    return panel


def typed_results_refusal(meeting_id: int) -> str | None:
    """A meeting with a panel gets its results from the close: typing or importing is refused."""
    if Panel.objects.filter(meeting_id=meeting_id).exists():
        return _("本次会议由评审专家在线表决，评审结果由平台在会议结束时计算，不能手工录入或导入。")
    return None


def redraw(panel: Panel) -> list[int]:
    """The draw made again from the stored pool, rules and seed: what an auditor compares."""
    pool = [draw.Candidate(pk, spec) for pk, spec in panel.pool]
    return draw.draw(pool, {int(k): v for k, v in panel.rules.items()}, panel.size, panel.seed)


def _lock_panel(meeting_id: int, **scope: int) -> Panel:
    panel = (
        Panel.objects.select_for_update()
        .filter(meeting_id=meeting_id, **{f"meeting__{k}": v for k, v in scope.items()})
        .first()
    )
    if panel is None:
        raise Http404
    return panel


def _own_seat(expert_user: User, panel: Panel) -> Seat:
    """The expert's seat on the panel, drawn and not declined; anyone else gets a 404."""
    if expert_user.role != Role.EXPERT:
        raise Http404
    seat = (
        Seat.objects.select_for_update()
        .filter(panel=panel, expert__user=expert_user, status=Seat.Status.DRAWN)
        .select_related("expert")
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def decline(expert_user: User, meeting_id: int, *, reason: str) -> Seat | None:
    """The expert cannot sit: their seat is declined and a replacement drawn (same specialty
    when the pool has one) from the stored pool with the recorded seed. Refused once they voted
    or the meeting is closed. Returns the replacement's seat, or None when nobody is left."""
    reason = name_text(reason, field="reason", label=_("谢绝原因"), max_length=200)
    with transaction.atomic():
        panel = _lock_panel(meeting_id)
        seat = _own_seat(expert_user, panel)
        if panel.status != Panel.Status.OPEN:
            raise Refused(str(CLOSED))
        if Vote.objects.filter(seat=seat).exists():
            raise Refused(_("您已开始投票，不能再谢绝。"))
        seat.status = Seat.Status.DECLINED
        seat.decline_reason = reason
        seat.save(update_fields=["status", "decline_reason"])
        seats = list(Seat.objects.filter(panel=panel).order_by("order"))
        number = sum(s.replaces_id is not None for s in seats) + 1
        pool = [draw.Candidate(pk, spec) for pk, spec in panel.pool]
        chosen = draw.replacement(
            pool, {s.expert_id for s in seats}, seat.expert.specialty_id, panel.seed, number
        )
        event(panel, PanelEvent.Kind.DECLINED, expert_user, seat=seat.pk, reason=reason)
        new_seat = None
        if chosen is not None:
            new_seat = Seat.objects.create(
                panel=panel, expert_id=chosen, order=len(seats) + 1, replaces=seat
            )
            event(panel, PanelEvent.Kind.REPLACED, expert_user, number=number, chosen=chosen)
            notices.drawn(User.objects.filter(expert__pk=chosen), panel.meeting)
        staff = User.objects.filter(role=Role.COMMITTEE_STAFF, committee=panel.meeting.committee_id)
        notices.replaced(
            staff,
            panel.meeting,
            seat.expert.name,
            new_seat.expert.name if new_seat else "",
        )
    return new_seat


def declare_interest(expert_user: User, meeting_id: int, app_id: int, *, reason: str) -> Interest:
    """回避: the expert steps aside for one applicant (before voting on them)."""
    reason = name_text(reason, field="reason", label=_("回避原因"), max_length=200)
    with transaction.atomic():
        panel = _lock_panel(meeting_id)
        seat = _own_seat(expert_user, panel)
        if panel.status != Panel.Status.OPEN:
            raise Refused(str(CLOSED))
        if app_id not in {a.pk for a in subjects(panel)}:
            raise Http404
        if Vote.objects.filter(seat=seat, application_id=app_id).exists():
            raise Refused(_("您已对该申请人投票，不能再声明回避。"))
        try:
            with transaction.atomic():
                interest = Interest.objects.create(seat=seat, application_id=app_id, reason=reason)
        except IntegrityError:
            raise Refused(_("您已声明回避该申请人。")) from None
        event(panel, PanelEvent.Kind.INTEREST, expert_user, seat=seat.pk, application=app_id)
    return interest


def cast_vote(
    expert_user: User, meeting_id: int, app_id: int, *, choice: str, opinion: str = ""
) -> Vote:
    """同意 / 不同意 / 弃权 with an optional opinion, once; secret until the meeting closes.

    Refused for an expert not drawn (404), after the close, after stepping aside, and a
    second time (the vote cannot be changed; the database's unique constraint says so too).
    """
    if choice not in Vote.Choice.values:
        raise Refused(_("请选择同意、不同意或弃权。"), "choice")
    opinion = (
        block_text(opinion, field="opinion", label=_("评审意见"), max_length=500)
        if (opinion or "").strip()
        else ""
    )
    with transaction.atomic():
        panel = _lock_panel(meeting_id)
        seat = _own_seat(expert_user, panel)
        if panel.status != Panel.Status.OPEN:
            raise Refused(_("本次会议的评审已结束，不能再投票。"))
        app = next((a for a in subjects(panel) if a.pk == app_id), None)
        if app is None:
            raise Http404
        if Interest.objects.filter(seat=seat, application_id=app_id).exists():
            raise Refused(_("您已声明回避该申请人，不能投票。"))
        # An application put before the meeting after the draw may be a colleague's.
        if conflicts(seat.expert, [app], relations_of([seat.expert_id]).get(seat.expert_id, set())):
            raise Refused(_("您与该申请人同单位或有登记的关系，应当回避，不能投票。"))
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    seat=seat, application_id=app_id, choice=choice, opinion=opinion
                )
        except IntegrityError:
            raise Refused(_("您已对该申请人投票，投票后不能更改。")) from None
        # The history says that a vote was cast, never how: votes are secret.
        event(panel, PanelEvent.Kind.VOTED, expert_user, seat=seat.pk, application=app_id)
    return vote


# --- closing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    present: int
    votes_for: int
    against: int
    abstain: int
    missing: int

    @property
    def passed(self) -> bool:
        return self.present >= 1 and results_rules.passes(self.present, self.votes_for)


def quorum_met(size: int, attended: int) -> bool:
    """Valid only with at least two thirds of the panel present."""
    return attended * 3 >= size * 2


def tally(
    attended: set[int], app_id: int, votes: Sequence[Vote], aside: set[tuple[int, int]]
) -> Tally:
    """One applicant's count: the experts present, less those who stepped aside for them."""
    voters = {s for s in attended if (s, app_id) not in aside}
    cast = {
        v.seat_id: v.choice for v in votes if v.application_id == app_id and v.seat_id in voters
    }
    return Tally(
        present=len(voters),
        votes_for=sum(c == Vote.Choice.FOR for c in cast.values()),
        against=sum(c == Vote.Choice.AGAINST for c in cast.values()),
        abstain=sum(c == Vote.Choice.ABSTAIN for c in cast.values()),
        missing=len(voters) - len(cast),
    )


def close_meeting(staff: User, meeting_id: int, attended_seat_ids: Sequence[int]) -> Panel:
    """End the online review: attendance recorded, the rules checked, the results written.

    Refused below quorum (attendance < ⌈2/3⌉ of the panel's size), while an expert present has
    neither voted nor stepped aside for an applicant, and for an applicant nobody present may
    judge. Each result goes through `results.actions.record_result`; a 复查 sent here for a new
    vote gets its outcome on the `Recheck`.
    """
    committee_id = committee_of(staff)
    with transaction.atomic():
        panel = _lock_panel(meeting_id, committee_id=committee_id)
        if panel.status != Panel.Status.OPEN:
            raise Refused(str(CLOSED))
        seats = list(Seat.objects.filter(panel=panel, status=Seat.Status.DRAWN))
        wanted = set(attended_seat_ids)
        if not wanted <= {s.pk for s in seats}:
            raise Refused(_("出席专家只能从本次抽取的专家中选择。"), "attended")
        if not quorum_met(panel.size, len(wanted)):
            raise Refused(
                _("出席专家 %(a)s 人，不足评审专家 %(s)s 人的三分之二（至少 %(n)s 人），会议无效。")
                % {"a": len(wanted), "s": panel.size, "n": -(-panel.size * 2 // 3)},
                "attended",
            )
        apps = subjects(panel)
        votes = list(Vote.objects.filter(seat__panel=panel))
        aside = set(
            Interest.objects.filter(seat__panel=panel).values_list("seat_id", "application_id")
        )
        relations = relations_of([s.expert_id for s in seats])
        for seat in Seat.objects.filter(pk__in=wanted).select_related("expert"):
            for app in apps:
                if conflicts(seat.expert, [app], relations.get(seat.expert_id, set())):
                    aside.add((seat.pk, app.pk))
        tallies = {a.pk: tally(wanted, a.pk, votes, aside) for a in apps}
        missing = sum(t.missing for t in tallies.values())
        if missing:
            raise Refused(
                _("出席专家还有 %(n)s 张票未投（未投票也未回避），全部投完后才能结束会议。")
                % {"n": missing}
            )
        nobody = [a.number for a in apps if tallies[a.pk].present < 1]
        if nobody:
            raise Refused(
                _("申请书 %(n)s 没有可表决的出席专家（全部回避）。")
                % {"n": "、".join(map(str, nobody))}
            )
        for seat in seats:
            seat.attended = seat.pk in wanted
        Seat.objects.bulk_update(seats, ["attended"])
        results = {
            r.application_id: r for r in MeetingResult.objects.filter(meeting_id=panel.meeting_id)
        }
        rechecks = {
            r.application_id: r
            for r in Recheck.objects.select_for_update().filter(
                revote_panel=panel, status=Recheck.Status.UPHELD
            )
        }
        passed = failed = 0
        for app in apps:
            t = tallies[app.pk]
            passed += t.passed
            failed += not t.passed
            if app.pk in results:
                results_actions.record_result(
                    staff,
                    results[app.pk].pk,
                    members_present=t.present,
                    votes_for=t.votes_for,
                    votes_against=t.against,
                    votes_abstain=t.abstain,
                    outcome=results_rules.PASSED if t.passed else results_rules.FAILED,
                    expected_version=None,
                    computed=True,
                )
            if app.pk in rechecks:
                # The re-vote is the application's result from now on (results.record_revote):
                # it moves to this meeting, so its 公示 and 批文 follow as for anyone.
                results_actions.record_revote(
                    staff,
                    app.pk,
                    panel.meeting_id,
                    members_present=t.present,
                    votes_for=t.votes_for,
                    votes_against=t.against,
                    votes_abstain=t.abstain,
                    outcome=results_rules.PASSED if t.passed else results_rules.FAILED,
                )
                r = rechecks[app.pk]
                r.revote_present, r.revote_for = t.present, t.votes_for
                r.revote_against, r.revote_abstain = t.against, t.abstain
                r.revote_passed, r.status = t.passed, Recheck.Status.DONE
                r.save()
        panel.status = Panel.Status.CLOSED
        panel.closed_at = timezone.now()
        panel.version += 1
        panel.save(update_fields=["status", "closed_at", "version"])
        event(
            panel,
            PanelEvent.Kind.CLOSED,
            staff,
            attended=sorted(wanted),
            passed=passed,
            failed=failed,
        )
        notices.closed([staff], panel.meeting, passed, failed)
    return panel


def set_recheck_period(staff: User, meeting_id: int, until: date) -> Panel:
    """The last day on which those who did not pass may ask for 复查 (after the close)."""
    committee_id = committee_of(staff)
    with transaction.atomic():
        panel = _lock_panel(meeting_id, committee_id=committee_id)
        if panel.status != Panel.Status.CLOSED:
            raise Refused(_("会议结束后才能设定复查期限。"))
        if until < results_rules.today():
            raise Refused(_("复查申请截止日期不能早于今天。"), "until")
        panel.recheck_until = until
        panel.version += 1
        panel.save(update_fields=["recheck_until", "version"])
        event(panel, PanelEvent.Kind.RECHECK, staff, until=until.isoformat())
    return panel


def seats_of(expert_user: User) -> Q:
    """The panels an expert account may open: drawn there and not declined."""
    return Q(seats__expert__user=expert_user, seats__status=Seat.Status.DRAWN)
