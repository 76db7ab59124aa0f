"""待办: what waits for the signed-in person, shown first on 我的主页 and as badges in the menu.

`accounts` sits below the domains that know what waits (applications, recovery …), so this is a
port: each domain registers a provider in its AppConfig.ready, and 我的主页 and the side menu
ask `todos_for(user)`. A provider answers with a fixed number of queries whatever the number of
applications or appeals (ADR 0038); the answer is kept on the user object for the request, so
the home page and the menu on the same page ask once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Todo:
    """One thing waiting: a line on 我的主页 and, through `menu`, a badge in the side menu."""

    text: str | Promise  # 待审核 3 份，最早已等待 5 天
    url: str  # where it is done
    count: int = 1
    menu: str = ""  # url name of the menu item that carries the count as a badge
    urgent: bool = False  # returned, or the window closes within days
    detail: str | Promise = ""  # 距提交截止还有7天


Provider = Callable[[Any], list[Todo]]
_PROVIDERS: list[Provider] = []
_CACHE = "_todos_cache"
_ROUND = "_todos_round"
_SEED = "_todos_seed"


def register(provider: Provider) -> None:
    """Called once by a domain's AppConfig.ready."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def todos_for(user: Any) -> list[Todo]:
    """Everything waiting for `user`, most urgent first (kept on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Todo] | None = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    setattr(user, _ROUND, dict(getattr(user, _SEED, {})))
    try:
        found = [todo for provider in _PROVIDERS for todo in provider(user)]
    finally:
        delattr(user, _ROUND)
    found.sort(key=lambda t: not t.urgent)
    setattr(user, _CACHE, found)
    return found


def seed(user: Any, key: str, value: Any) -> None:
    """A page that has already read what `shared` would compute under `key` (我的申请书 reads
    every application of the applicant) hands it over: this request's round uses it instead
    of reading again. Kept on the user object, so it lives as long as the request."""
    seeds: dict[str, Any] = getattr(user, _SEED, None) or {}
    seeds[key] = value
    setattr(user, _SEED, seeds)


def shared(user: Any, key: str, compute: Callable[[], Any]) -> Any:
    """What several providers read (the applicant's applications), computed once while
    `todos_for` asks them all; computed afresh when a provider is called on its own."""
    round_: dict[str, Any] | None = getattr(user, _ROUND, None)
    if round_ is None:
        return compute()
    if key not in round_:
        round_[key] = compute()
    return round_[key]


def badges_for(user: Any) -> dict[str, int]:
    """Menu url name → the count its badge shows."""
    badges: dict[str, int] = {}
    for todo in todos_for(user):
        if todo.menu:
            badges[todo.menu] = badges.get(todo.menu, 0) + todo.count
    return badges
