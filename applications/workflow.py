"""The application's workflow, declared once: which step may be taken from where, by whom,
and where it leads.

`RULES` is the whole workflow as data. Each `Rule` names a step (提交, 收回, 退回, 审核通过 …),
the places in the chain it may be taken from (`Place`: with the applicant, at the first
node, at a later node, passed), who may take it (`Actor.APPLICANT`: the person who owns
the application; `Actor.HOLDER`: the staff of the organisation it waits at, optionally only
some roles) and where it leads (`To`). Everything else asks this table:

- `refusal(step, app, user)` / `can(step, app, user)` / `allowed(app, user)` answer pages and
  templates (a button is drawn only when `can` says yes; no page re-derives a rule);
- `take(step, user, app_id, ...)` locks the row and checks the step against the state it
  finds, for steps that stay where they are (edit, comment …) and write their own rows;
- `perform(step, user, app_id, ...)` does a move: lock, check, the step's own guard, the
  new status, position and holder, the node visit, the history row, and the caller's
  notices (sent on commit).

Steps whose content rules belong to another app (a unit must save its recommendation
before it passes) pass those in as `guard`; the notices go in as `then`. See
docs/adr/0028-declared-workflow.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from applications import rules
from applications.models import PASSED_LABEL, Action, Application, HistoryEntry, NodeVisit, Status
from applications.scoping import visible_to
from lib import stale
from lib.refusal import Refused, Stale
from orgs import chains
from orgs.models import ReviewChain

STALE = _("申请书已在其他窗口或由他人更改，本次操作未执行。请刷新页面后重试。")
NOT_YOURS = _("该申请书已由他人办理或已不在本单位，本次操作未执行。请刷新页面查看最新状态。")
NOT_OWN = _("只有申请人本人可以办理此步骤。")
UNIT_INCOMPLETE = _("单位信息未完善，不能审核申报材料。请先完善单位信息。")


class Step(StrEnum):
    """Everything a person may do to an application (values match `Action` where recorded)."""

    SUBMIT = "submit"
    RECALL = "recall"
    EDIT = "edit"  # a section
    ATTACH = "attach"  # a file into or out of a slot
    CHANGE = "change"  # 更改资格
    DELETE = "delete"
    COMMENT = "comment"  # 栏目修改意见
    RECOMMEND = "recommend"  # 单位推荐意见
    RETURN = "return"
    PASS = "pass"  # noqa: S105 (a step, not a password)


class Place(StrEnum):
    """Where an application is: its status and, in review, its position in the chain."""

    DRAFT = "draft"  # with the applicant, never submitted or recalled
    RETURNED = "returned"  # with the applicant, returned for changes
    FIRST_NODE = "first_node"  # in review at the chain's first node (the base unit)
    LATER_NODE = "later_node"  # in review at any node after the first
    PASSED = "passed"  # 通过形式审核


class Actor(StrEnum):
    APPLICANT = "applicant"  # the applicant who owns the application
    HOLDER = "holder"  # the staff of the organisation the application waits at


class To(StrEnum):
    STAY = "stay"  # no move: the step writes its own rows (a section, a comment …)
    FIRST_NODE = "first_node"  # the committee's current chain is copied on; its first node
    NEXT_NODE = "next_node"  # the next node, or 通过形式审核 after the last one
    DRAFT = "draft"  # back to the applicant, as recalled
    RETURNED = "returned"  # back to the applicant, for changes


AT_APPLICANT = frozenset({Place.DRAFT, Place.RETURNED})
AT_A_NODE = frozenset({Place.FIRST_NODE, Place.LATER_NODE})

# Which role acts for which holder column: the unit admin for the base unit, and so on.
HOLDING: dict[str, tuple[str, str]] = {
    Role.UNIT_ADMIN: ("holder_unit_id", "unit_id"),
    Role.DEPT_REVIEWER: ("holder_department_id", "department_id"),
    Role.COMMITTEE_STAFF: ("holder_committee_id", "committee_id"),
}


@dataclass(frozen=True)
class Rule:
    """One step: from where, by whom, to where, and what a person is told when refused."""

    step: Step
    actor: Actor
    at: frozenset[Place]
    refusal: str | Promise  # the application is not where the step may be taken
    to: To = To.STAY
    roles: frozenset[str] = frozenset()  # HOLDER steps limited to these roles (empty: any)
    role_refusal: str | Promise = ""
    never_submitted: bool = False  # only while no submission was ever used
    history: str | None = None  # the `Action` recorded for a move

    @property
    def moves(self) -> bool:
        return self.to is not To.STAY


EDIT_REFUSAL = _("申请书已提交，审核期间不能修改。如需修改，请在单位审核前收回。")

RULES: dict[Step, Rule] = {
    rule.step: rule
    for rule in (
        Rule(
            Step.SUBMIT,
            Actor.APPLICANT,
            AT_APPLICANT,
            _("申请书已提交，请勿重复提交。"),
            to=To.FIRST_NODE,
            history=Action.SUBMIT,
        ),
        Rule(
            Step.RECALL,
            Actor.APPLICANT,
            frozenset({Place.FIRST_NODE}),
            _("单位已办理该申请书，不能收回。"),
            to=To.DRAFT,
            history=Action.RECALL,
        ),
        Rule(Step.EDIT, Actor.APPLICANT, AT_APPLICANT, EDIT_REFUSAL),
        Rule(Step.ATTACH, Actor.APPLICANT, AT_APPLICANT, _("申请书已提交，审核期间不能修改附件。")),
        Rule(
            Step.CHANGE,
            Actor.APPLICANT,
            AT_APPLICANT,
            _("申请书已提交，不能更改资格。如需更改，请在单位审核前收回。"),
        ),
        Rule(
            Step.DELETE,
            Actor.APPLICANT,
            AT_APPLICANT,
            _("已提交过的申请书不能删除。"),
            never_submitted=True,
        ),
        Rule(Step.COMMENT, Actor.HOLDER, AT_A_NODE, NOT_YOURS),
        Rule(
            Step.RECOMMEND,
            Actor.HOLDER,
            AT_A_NODE,
            NOT_YOURS,
            roles=frozenset({Role.UNIT_ADMIN}),
            role_refusal=_("只有基层工作单位可以填写单位推荐意见。"),
        ),
        Rule(
            Step.RETURN,
            Actor.HOLDER,
            AT_A_NODE,
            NOT_YOURS,
            to=To.RETURNED,
            history=Action.RETURN,
        ),
        Rule(Step.PASS, Actor.HOLDER, AT_A_NODE, NOT_YOURS, to=To.NEXT_NODE, history=Action.PASS),
    )
}


# --- asking --------------------------------------------------------------------------------


def place(app: Application) -> Place:
    if app.status == Status.PASSED:
        return Place.PASSED
    if app.status == Status.IN_REVIEW:
        return Place.FIRST_NODE if app.position == 1 else Place.LATER_NODE
    if app.status == Status.RETURNED:
        return Place.RETURNED
    return Place.DRAFT


def holds(user: User, app: Application) -> bool:
    """Whether the application waits, in review, at the user's organisation."""
    if app.status != Status.IN_REVIEW or user.role not in HOLDING:
        return False
    holder_field, own_field = HOLDING[user.role]
    own = getattr(user, own_field)
    return own is not None and getattr(app, holder_field) == own


def refusal(step: Step, app: Application, user: User) -> str | None:
    """Why `user` may not take `step` on `app` as it is now (None: they may)."""
    rule = RULES[step]
    if rule.actor is Actor.APPLICANT:
        if app.applicant_id != user.pk:
            return str(NOT_OWN)
        if place(app) not in rule.at or (rule.never_submitted and app.submission_count > 0):
            return str(rule.refusal)
        return None
    if rule.roles and user.role not in rule.roles:
        return str(rule.role_refusal)
    if place(app) not in rule.at or not holds(user, app):
        return str(rule.refusal)
    if user.role == Role.UNIT_ADMIN and not app.unit.is_complete:
        # A base unit whose own information is incomplete may not review at all [S1].
        return str(UNIT_INCOMPLETE)
    return None


def can(step: Step, app: Application, user: User) -> bool:
    return refusal(step, app, user) is None


def allowed(app: Application, user: User) -> dict[str, bool]:
    """Every step's answer for this user, for templates: `{% if may.recall %}`."""
    return {step.value: can(step, app, user) for step in Step}


def next_label(app: Application) -> str:
    """Where 审核通过 takes the application from where it is: the next node's label."""
    if app.position < len(app.nodes):
        return str(app.nodes[app.position]["label"])
    return PASSED_LABEL


def passes_to_formal_review(app: Application) -> bool:
    """Whether 审核通过 here ends the chain (通过形式审核)."""
    return app.position >= len(app.nodes)


def org_name(user: User, app: Application | None = None) -> str:
    """The name of the user's organisation; from the rows fetched with `app` (the one it acts
    on, before it moves) when it is one of them, so no query is run."""
    if app is not None:
        for own, held in (
            (user.unit_id, app.unit if app.unit_id else None),
            (user.department_id, app.holder_department if app.holder_department_id else None),
            (user.committee_id, app.committee if app.committee_id else None),
        ):
            if own is not None and held is not None and held.pk == own:
                return held.name
    org = user.unit or user.department or user.committee
    return org.name if org else ""


# --- doing ---------------------------------------------------------------------------------


# What a lock joins, by who acts: the rows `refusal`, `org_name` and `rules.resolve_node` read
# (the applicant's steps: the unit and committee a submission arrives at; a holder's steps:
# also the committee's region, for choosing a recommending unit, and the holding department).
LOCK_JOINS: dict[Actor, tuple[str, ...]] = {
    Actor.APPLICANT: ("unit", "committee"),
    Actor.HOLDER: ("unit", "committee", "committee__region", "holder_department"),
}


Reads = Callable[[QuerySet[Application]], QuerySet[Application]]


def with_columns(
    apps: QuerySet[Application], query: QuerySet[Any], columns: Mapping[str, str]
) -> QuerySet[Application]:
    """`apps` with columns of another table read in the same statement: each annotation name
    of `columns` is its column of `query`'s first row (a query correlated by `OuterRef`)."""
    return apps.annotate(
        **{name: Subquery(query.values(column)[:1]) for name, column in columns.items()}
    )


# What 提交 reads besides the row: which chain of the committee is current (its id, version and
# creation time key `chains.chain_nodes`), as columns of the lock's one statement.
CURRENT_CHAIN = {
    "lock_chain_id": "id",
    "lock_chain_version": "version",
    "lock_chain_created_at": "created_at",
}


def _with_current_chain(apps: QuerySet[Application]) -> QuerySet[Application]:
    current = chains.current_query(OuterRef("committee_id"), OuterRef("business_type"))
    return with_columns(apps, current, CURRENT_CHAIN)


def _current_chain(app: Application) -> ReviewChain | None:
    """The current chain as read with the lock (None when the committee has none)."""
    chain_id, version, created_at = (getattr(app, name) for name in CURRENT_CHAIN)
    if chain_id is None:
        return None
    return ReviewChain(
        pk=chain_id,
        committee_id=app.committee_id,
        business_type=app.business_type,
        version=version,
        is_current=True,
        created_at=created_at,
    )


def _lock(
    rule: Rule,
    user: User,
    app_id: int,
    related: Sequence[str] = (),
    reads: Reads | None = None,
) -> Application:
    """The application locked; one the user may not see (or, for the applicant's steps, not
    their own) is a 404. `related` names more rows to join that the step reads (the
    template, the recommendation): read with the row, never locked; `reads` adds columns the
    step reads (annotations: subqueries on other tables), and a move to the first node reads
    the current chain with them — one statement."""
    scope = (
        Application.objects.filter(applicant=user)
        if rule.actor is Actor.APPLICANT
        else visible_to(user)
    )
    # The joined rows come along, not locked: `of` names the application row only.
    apps = scope.select_for_update(of=("self",)).select_related(*LOCK_JOINS[rule.actor], *related)
    if rule.to is To.FIRST_NODE:
        apps = _with_current_chain(apps)
    if reads is not None:
        apps = reads(apps)
    try:
        return apps.get(pk=app_id)
    except Application.DoesNotExist:
        raise Http404 from None


def take(
    step: Step,
    user: User,
    app_id: int,
    *,
    expected_version: int | None = None,
    related: Sequence[str] = (),
    reads: Reads | None = None,
) -> Application:
    """Inside the caller's transaction: the application locked and `step` checked against it.

    Refused (nothing changed) when the declaration does not allow the step from where the
    application is, or when the page was drawn from an older version of it. `related`: rows
    the step reads joined to the lock's query, `reads` its added columns (see `_lock`).
    """
    rule = RULES[step]
    if rule.roles and user.role not in rule.roles:
        raise Refused(str(rule.role_refusal))
    app = _lock(rule, user, app_id, related, reads)
    refused = refusal(step, app, user)
    if refused is not None:
        if expected_version is not None and str(expected_version) != stale.token(app.version):
            # The page was drawn before the application moved: the step is stale, and this
            # (it has left your node, it was submitted …) is the useful thing to say.
            raise Stale(refused)
        raise Refused(refused)
    stale.check(expected_version, app.version, message=str(STALE))
    return app


Guard = Callable[[Application, str], str]
Then = Callable[[Application], None]


def perform(
    step: Step,
    user: User,
    app_id: int,
    *,
    expected_version: int | None,
    opinion: str = "",
    guard: Guard | None = None,
    then: Then | None = None,
    related: Sequence[str] = (),
    reads: Reads | None = None,
) -> Application:
    """Take a move declared in `RULES`: the one place an application changes status.

    In one transaction: lock and check (`take`, joining the `related` rows the guard reads),
    then `guard(app, opinion)` — the step's own checks on the locked row, raising `Refused`;
    it returns the opinion to record — then the new status, position and holder (resolved on
    arrival), the node visits, the history row and the denormalised status line; finally
    `then(app)`, the caller's notices, which are enqueued once the transaction commits.
    """
    rule = RULES[step]
    if not rule.moves or rule.history is None:
        raise ValueError(f"{step} is not a move")
    with transaction.atomic():
        app = take(
            step, user, app_id, expected_version=expected_version, related=related, reads=reads
        )
        if guard is not None:
            opinion = guard(app, opinion)
        _move(rule, app, user, opinion)
        if then is not None:
            then(app)
    return app


# What a move writes (the rest of the row is not the move's to overwrite): where it is, who
# holds it, its version and status line; 提交 also the chain it copies on and its count.
MOVED_FIELDS = [
    "status",
    "position",
    "passed_at",
    "holder_unit",
    "holder_department",
    "holder_committee",
    "version",
    "last_from",
    "last_to",
    "last_action_at",
    "updated_at",
]
SUBMITTED_FIELDS = [*MOVED_FIELDS, "submission_count", "chain", "nodes", "recheck_needed"]


def _move(rule: Rule, app: Application, user: User, opinion: str) -> None:
    # An application with the applicant has no open node visit (every move closes them), so
    # a move from there has none to close.
    from_node = app.status == Status.IN_REVIEW
    from_label = app.current_label
    org = org_name(user, app) if rule.actor is Actor.HOLDER else ""
    now = timezone.now()
    holder: rules.Holder | None = None
    if rule.to is To.FIRST_NODE:
        chain = chains.require(_current_chain(app))
        app.nodes, app.chain = rules.snapshot(chain), chain
        holder = rules.resolve_node(app.nodes[0], app)
        app.submission_count += 1
        app.status, app.position = Status.IN_REVIEW, 1
        app.recheck_needed = False
    elif rule.to is To.NEXT_NODE:
        if app.position >= len(app.nodes):
            app.status, app.position, app.passed_at = Status.PASSED, len(app.nodes) + 1, now
        else:
            holder = rules.resolve_node(app.nodes[app.position], app)
            app.position += 1
    elif rule.to is To.DRAFT:
        app.status, app.position = Status.DRAFT, 0
    elif rule.to is To.RETURNED:
        app.status, app.position = Status.RETURNED, 0
    app.holder_unit = holder.unit if holder else None
    app.holder_department = holder.department if holder else None
    app.holder_committee = holder.committee if holder else None
    app.version += 1
    record(app, user, str(rule.history), from_label, app.current_label, opinion=opinion, org=org)
    app.save(update_fields=SUBMITTED_FIELDS if rule.to is To.FIRST_NODE else MOVED_FIELDS)
    if from_node:
        NodeVisit.objects.filter(application=app, left_at__isnull=True).update(left_at=now)
    if holder is not None:
        NodeVisit.objects.create(
            application=app,
            submission_no=app.submission_count,
            position=app.position,
            label=app.current_label,
            unit=holder.unit,
            department=holder.department,
            committee=holder.committee,
        )


def record(
    app: Application,
    actor: User,
    action: str,
    from_label: str,
    to_label: str,
    opinion: str = "",
    org: str = "",
) -> HistoryEntry:
    """Write the append-only history row and the denormalised status line (saved by the caller)."""
    now = timezone.now()
    app.last_from, app.last_to, app.last_action_at = from_label, to_label, now
    return HistoryEntry.objects.create(
        application=app,
        action=action,
        actor=actor,
        actor_role=actor.role,
        actor_org=org,
        from_label=from_label,
        to_label=to_label,
        opinion=opinion,
        submission_no=app.submission_count,
    )
