"""The menus of 我的主页 per role. Later features add entries here, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    badge: int = 0  # how many wait behind this entry (accounts.todo)

    @property
    def url(self) -> str:
        return _url(self.url_name, get_script_prefix())


@lru_cache(maxsize=512)
def _url(url_name: str, prefix: str) -> str:
    """A menu entry's address. Entries take no arguments and the URLconf never changes while a
    process runs, so each is reversed once per process (per script prefix), not ~60 times on
    every page (ADR 0036)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class MenuGroup:
    label: str | Promise
    items: list[MenuItem] = field(default_factory=list)


def business_type_group(name: Promise, code: str) -> MenuGroup:
    """新增【X】申请书 and 我的【X】申请书 for a business type on the shared engine."""
    return MenuGroup(
        name,
        [
            MenuItem(format_lazy(_("新增【{}】申请书"), name), f"applications:create_{code}"),
            MenuItem(format_lazy(_("我的【{}】申请书"), name), f"applications:list_{code}"),
        ],
    )


# Groups several roles share.
REVIEW_QUEUES = MenuGroup(
    _("申请书管理"),
    [MenuItem(_("申请书审核"), "reviews:queue"), MenuItem(_("申请书查询"), "reviews:search")],
)
ACCOUNT = MenuGroup(
    _("账户"),
    [
        MenuItem(_("编辑个人信息"), "accounts:profile"),
        MenuItem(_("双因素认证"), "accounts:two_factor"),
        MenuItem(_("我的消息"), "notifications:inbox"),
    ],
)

MENUS: dict[str, list[MenuGroup]] = {
    Role.APPLICANT: [
        MenuGroup(
            _("我的职称"),
            [
                MenuItem(_("我的申请书"), "applications:list"),
                MenuItem(_("新增申请书"), "applications:create"),
                MenuItem(_("附件库"), "applications:library"),
                MenuItem(_("评审结果查询"), "results:mine"),
                MenuItem(_("复查申请"), "experts:my_rechecks"),
                MenuItem(_("任职资格条件"), "catalog:conditions"),
            ],
        ),
        # The other business types, each on the same engine under its own menu [S0].
        MenuGroup(
            _("特殊人才认定"),
            [
                MenuItem(_("填报帮助"), "applications:special_help"),
                MenuItem(_("新增【特殊人才认定】申请书"), "applications:create_special"),
                MenuItem(_("我的【特殊人才认定】申请书"), "applications:list_special"),
            ],
        ),
        business_type_group(_("初次确定"), "initial"),
        business_type_group(_("授予"), "confer"),
        business_type_group(_("访惠聚三年高定"), "fhj"),
        MenuGroup(_("职称电子证书"), [MenuItem(_("我的职称电子证书"), "certificates:mine")]),
        MenuGroup(_("继续教育"), [MenuItem(_("继续教育"), "training:mine")]),
        MenuGroup(_("在线问答"), [MenuItem(_("在线问答"), "qa:mine")]),
        ACCOUNT,
    ],
    Role.UNIT_ADMIN: [
        REVIEW_QUEUES,
        MenuGroup(
            _("单位信息"),
            [
                MenuItem(_("单位信息"), "orgs:unit"),
                MenuItem(_("完善单位信息"), "orgs:unit_complete"),
                MenuItem(_("变更单位名称"), "orgs:unit_rename"),
                MenuItem(_("推荐单位"), "orgs:unit_recommenders"),
            ],
        ),
        MenuGroup(_("继续教育"), [MenuItem(_("继续教育审核"), "training:unit")]),
        ACCOUNT,
    ],
    Role.DEPT_REVIEWER: [
        REVIEW_QUEUES,
        ACCOUNT,
    ],
    Role.COMMITTEE_STAFF: [
        REVIEW_QUEUES,
        MenuGroup(
            _("评审管理"),
            [
                MenuItem(_("缴费对账"), "payments:orders"),
                MenuItem(_("纸质材料"), "results:papers"),
                MenuItem(_("会议评审"), "results:meetings"),
                MenuItem(_("评审专家库"), "experts:pool"),
                MenuItem(_("专家在线评审"), "experts:meetings"),
                MenuItem(_("复查与投诉"), "experts:rechecks"),
                MenuItem(_("公示"), "results:publicities"),
                MenuItem(_("异议处理"), "results:objections"),
                MenuItem(_("批文"), "results:approvals"),
                MenuItem(_("特殊人才认定发文"), "results:special_approvals"),
                MenuItem(_("证书管理"), "certificates:manage"),
                MenuItem(_("统计"), "stats:index"),
            ],
        ),
        MenuGroup(
            _("门户"),
            [
                MenuItem(_("在线问答"), "qa:inbox"),
                MenuItem(_("通知公告管理"), "portal:manage_notices"),
            ],
        ),
        ACCOUNT,
    ],
    Role.EXPERT: [
        MenuGroup(_("专家评审"), [MenuItem(_("我的评审会议"), "experts:mine")]),
        ACCOUNT,
    ],
    Role.HR_ADMIN: [
        MenuGroup(
            _("系统设置"),
            [
                MenuItem(_("系统设置"), "sysadmin:index"),
                MenuItem(_("安全审计"), "sysadmin:audit"),
                MenuItem(_("疑似重复单位"), "orgs:similar_units"),
                MenuItem(_("证书管理"), "certificates:manage"),
                MenuItem(_("账号找回审核"), "recovery:reviews"),
                MenuItem(_("重置双因素认证"), "accounts:two_factor_staff"),
            ],
        ),
        MenuGroup(_("统计"), [MenuItem(_("统计"), "stats:index")]),
        MenuGroup(_("门户"), [MenuItem(_("通知公告管理"), "portal:manage_notices")]),
        ACCOUNT,
    ],
}


def menus_for(role: str, badges: dict[str, int] | None = None) -> list[MenuGroup]:
    """The menu groups of a role, with entries whose page does not exist yet left out, and
    each entry's badge from `badges` (menu url name → count, accounts.todo.badges_for)."""
    badges = badges or {}
    groups = []
    for group in MENUS.get(role, []):
        items = [
            replace(item, badge=badges.get(item.url_name, 0)) for item in group.items if item.url
        ]
        if items:
            groups.append(MenuGroup(group.label, items))
    return groups


# --- the side menu's groups, drawn ---------------------------------------------------------

INBOX = "notifications:inbox"


@lru_cache(maxsize=128)
def _drawn(
    role: str, language: str | None, prefix: str
) -> tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]:
    """The role's groups as escaped text — (label, ((url, escaped url, url name, label), …))
    — in one language: the same on every page, so made once per process."""
    drawn = []
    for group in menus_for(role):
        items = tuple(
            (item.url, conditional_escape(item.url), item.url_name, escape(str(item.label)))
            for item in group.items
        )
        drawn.append((escape(str(group.label)), items))
    return tuple(drawn)


def _badge(count: int, label: str) -> str:
    shown = formats.localize(count)
    return f'<span class="badge" aria-label="{label % {"n": shown}}">{shown}</span>'


def groups_html(role: str, badges: dict[str, int], path: str, unread: int) -> SafeString:
    """The side menu's groups (templates/includes/side_menu.html): each entry a link, the
    page's own marked `aria-current`, 我的消息 with the unread count and the others with
    their 待办 badge. The same HTML the template loop wrote (accounts/tests/test_menus.py),
    without a template lookup per entry: every signed-in page draws it."""
    parts = []
    for label, items in _drawn(role, get_language(), get_script_prefix()):
        entries = []
        for url, shown_url, url_name, text in items:
            current = ' aria-current="page"' if path == url else ""
            badge = ""
            if url_name == INBOX:
                if unread:
                    badge = _badge(unread, ngettext("%(n)s 条未读", "%(n)s 条未读", unread))
            elif count := badges.get(url_name, 0):
                badge = _badge(count, ngettext("%(n)s 项待办", "%(n)s 项待办", count))
            entries.append(f'<li><a href="{shown_url}"{current}>{text}</a>{badge}</li>')
        parts.append(
            f'\n  <div class="menu-group">\n    <h2>{label}</h2>\n'
            f"    <ul>{''.join(entries)}</ul>\n  </div>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
