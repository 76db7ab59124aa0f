from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from orgs.regions import current_region, entry_regions


def platform(request: HttpRequest) -> dict[str, Any]:
    """The region entry and the list of entries, on every page."""
    return {"current_region": current_region(request), "entry_regions": entry_regions()}
