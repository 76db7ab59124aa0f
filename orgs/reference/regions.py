"""Regions: 自治区, the 14 prefecture-level entries and their counties, from python-stdnum.

python-stdnum ships China's administrative division codes (`stdnum/cn/loc.dat`) for its
resident ID check; each name carries the years it was valid, e.g. `[2015-]高昌区` or
`[-2016]哈密地区`. The counties are read from its `65xxxx` block through stdnum's own
database loader, so no copy of the list lives in this project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import numdb

from catalog.reference.upsert import Tally, index, upsert
from orgs.models import Region

AUTONOMOUS_CODE = "650000"
AUTONOMOUS_NAME = "新疆维吾尔自治区"
# The platform's sign-in entries in the order the region selector shows them [S1].
# 塔城 (4200) and 阿勒泰 (4300) sit under 伊犁州 administratively but are entries of
# their own on the platform, as their codes already suggest.
PREFECTURES: list[tuple[str, str]] = [
    ("650100", "乌鲁木齐市"),
    ("650200", "克拉玛依市"),
    ("650400", "吐鲁番市"),
    ("650500", "哈密市"),
    ("652300", "昌吉回族自治州"),
    ("652700", "博尔塔拉蒙古自治州"),
    ("652800", "巴音郭楞蒙古自治州"),
    ("652900", "阿克苏地区"),
    ("653000", "克孜勒苏柯尔克孜自治州"),
    ("653100", "喀什地区"),
    ("653200", "和田地区"),
    ("654000", "伊犁哈萨克自治州"),
    ("654200", "塔城地区"),
    ("654300", "阿勒泰地区"),
]
# 南疆四地州: directed review and directed use [S1].
SOUTHERN = {"652900", "653000", "653100", "653200"}
# 自治区直辖县级行政单位: a grouping code, not a region; its cities hang under 自治区.
DIRECT_GROUP = "659000"
COUNTY_SORT_BASE = 1000

_NAME = re.compile(r"^(?:\[(?P<start>\d*)-(?P<end>\d*)\])?(?P<name>.+)$")


@dataclass(frozen=True)
class County:
    code: str
    name: str
    parent_code: str


def current_name(raw: str) -> str | None:
    """The name valid today: unbracketed or with an open `[YYYY-]` bracket; else None."""
    for part in raw.split(","):
        match = _NAME.match(part.strip())
        if match and not match.group("end"):
            return match.group("name")
    return None


def xinjiang_divisions() -> dict[str, str]:
    """Code → current name for every `65xxxx` entry of stdnum's loc.dat."""
    divisions: dict[str, str] = {}
    for length, low, high, _props, children in numdb.get("cn/loc").prefixes:
        if length == 2 and low <= "65" <= high:
            for _len, sub_low, sub_high, sub_props, _children in children:
                name = current_name(sub_props.get("county", ""))
                if name is None or sub_low != sub_high:
                    continue
                divisions["65" + sub_low] = name
    return divisions


def xinjiang_counties() -> list[County]:
    """County-level divisions in force today, each with the entry region above it."""
    prefecture_codes = {code for code, _ in PREFECTURES}
    counties = []
    for code, name in sorted(xinjiang_divisions().items()):
        if code.endswith("00") or name == "市辖区":
            continue
        parent = code[:4] + "00"
        if parent == DIRECT_GROUP:
            parent = AUTONOMOUS_CODE
        elif parent not in prefecture_codes:
            continue
        counties.append(County(code=code, name=name, parent_code=parent))
    return counties


def load_regions(tally: Tally) -> None:
    stored = index(Region.objects.all(), "code")
    autonomous, _ = upsert(
        Region,
        tally,
        lookup={"code": AUTONOMOUS_CODE},
        defaults={
            "name": AUTONOMOUS_NAME,
            "level": Region.Level.AUTONOMOUS,
            "parent": None,
            "is_southern": False,
            "is_entry": True,
            "sort_order": 0,
        },
        existing=stored,
    )
    parents = {AUTONOMOUS_CODE: autonomous}
    order = {AUTONOMOUS_CODE: 0}
    for position, (code, name) in enumerate(PREFECTURES, start=1):
        parents[code], _ = upsert(
            Region,
            tally,
            lookup={"code": code},
            defaults={
                "name": name,
                "level": Region.Level.PREFECTURE,
                "parent": autonomous,
                "is_southern": code in SOUTHERN,
                "is_entry": True,
                "sort_order": position,
            },
            existing=stored,
        )
        order[code] = position
    seen: dict[str, int] = {}
    for county in xinjiang_counties():
        seen[county.parent_code] = seen.get(county.parent_code, 0) + 1
        upsert(
            Region,
            tally,
            lookup={"code": county.code},
            defaults={
                "name": county.name,
                "level": Region.Level.COUNTY,
                "parent": parents[county.parent_code],
                "is_southern": county.parent_code in SOUTHERN,
                "is_entry": False,
                # Counties follow their prefecture, in code order, after all entries.
                "sort_order": COUNTY_SORT_BASE
                + order[county.parent_code] * 100
                + seen[county.parent_code],
            },
            existing=stored,
        )
