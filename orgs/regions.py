"""The region entry (自治区 or a prefecture) a person signed in through, kept in the session."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from orgs.models import Region

SESSION_KEY = "entry_region"
CACHE_KEY = "orgs:entry_regions:v1"


def entry_regions() -> list[Region]:
    """自治区 then the 14 prefecture-level divisions; cached, it changes almost never."""
    regions = cache.get(CACHE_KEY)
    if regions is None:
        regions = list(Region.objects.filter(is_entry=True).order_by("sort_order", "code"))
        cache.set(CACHE_KEY, regions, 600)
    return regions


def region_label(region: Region) -> str:
    """How an entry is named in selectors: 自治区本级 for the autonomous region itself."""
    return str(_("自治区本级")) if region.level == Region.Level.AUTONOMOUS else str(region)


def forget_entry_regions() -> None:
    cache.delete(CACHE_KEY)


def region_by_code(code: str | None) -> Region | None:
    for region in entry_regions():
        if region.code == code:
            return region
    return None


def current_region(request: HttpRequest) -> Region | None:
    code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    region = region_by_code(code)
    if region is None:
        regions = entry_regions()
        region = regions[0] if regions else None
    return region


def set_region(request: HttpRequest, region: Region) -> None:
    request.session[SESSION_KEY] = region.code
