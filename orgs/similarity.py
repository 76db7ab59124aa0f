"""Near-duplicate unit names: equal to, containing, or contained in another unit's name."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from orgs.models import BaseUnit, Region

# Words that do not tell one unit from another and are dropped before comparing.
NOISE_WORDS = r"[\s()（）·.\-—]|有限责任公司|有限公司|股份|新疆维吾尔自治区|新疆"  # i18n: data
NOISE = re.compile(NOISE_WORDS)


def core_name(name: str) -> str:
    return NOISE.sub("", name or "")


def similar_units(name: str, region: Region, *, exclude_pk: int | None = None) -> list[BaseUnit]:
    """Units in the same region whose name equals, contains, or is contained in `name`.

    Compared on the core of the name (spaces, brackets, 有限公司 and the like dropped),
    so 新疆财经大学 and 财经大学 match. Bounded to the region's units; a region holds
    thousands at most, and only names are read.
    """
    core = core_name(name)
    if len(core) < 2:
        return []
    units: QuerySet[BaseUnit] = BaseUnit.objects.filter(region=region).only(
        "id", "name", "uscc", "region_id"
    )
    if exclude_pk is not None:
        units = units.exclude(pk=exclude_pk)
    found = []
    for unit in units.iterator(chunk_size=2000):
        other = core_name(unit.name)
        if other and (core == other or core in other or other in core):
            found.append(unit)
    return found[:20]
