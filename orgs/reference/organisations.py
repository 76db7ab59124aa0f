"""Departments and review committees of the reference data, with their review chains.

Every name, address and phone number here is made up for the platform: addresses are on
示例路 and every phone's local number starts with 0, which no real line in China does.
Regions are named by code, series by catalogue code.

Department levels follow the seed's wording: a body of 厅/局 rank, whether an
autonomous-region bureau (自治区教育厅) or a prefecture one (喀什地区教育局), is 地厅级
(`prefecture`), the level a `地厅级材料接收部门` chain node asks for; 自治区人社厅 itself is
`autonomous`; county bureaus are `county`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from catalog.models import BusinessType, Level

JR, MID, ASC, SR = Level.JUNIOR, Level.INTERMEDIATE, Level.ASSOCIATE_SENIOR, Level.SENIOR
ALL_LEVELS = [JR, MID, ASC, SR]

XJ, URUMQI, KASHGAR, YUEPUHU = "650000", "650100", "653100", "653128"

DEPARTMENTS: list[dict[str, Any]] = [
    # 自治区
    {
        "region": XJ,
        "name": "新疆维吾尔自治区人力资源和社会保障厅",
        "kind": "hrss",
        "level": "autonomous",
        "address": "乌鲁木齐市天山区示例路 1 号",
        "contacts": [("马建华", "0991-0100101", "专业技术人员管理处")],
    },
    {
        "region": XJ,
        "name": "新疆维吾尔自治区教育厅",
        "kind": "competent",
        "level": "prefecture",
        "address": "乌鲁木齐市天山区示例路 3 号",
        "contacts": [
            ("李晓梅", "0991-0100201", "教师工作处"),
            ("艾尔肯·吐尔逊", "0991-0100202", "教师工作处"),
        ],
    },
    {
        "region": XJ,
        "name": "新疆维吾尔自治区卫生健康委员会",
        "kind": "competent",
        "level": "prefecture",
        "address": "乌鲁木齐市沙依巴克区示例路 5 号",
        "contacts": [("周文涛", "0991-0100301", "人事处")],
    },
    {
        "region": XJ,
        "name": "新疆维吾尔自治区住房和城乡建设厅",
        "kind": "competent",
        "level": "prefecture",
        "address": "乌鲁木齐市天山区示例路 7 号",
        "contacts": [("孙立军", "0991-0100401", "人事处")],
    },
    {
        "region": XJ,
        "name": "新疆维吾尔自治区新闻出版局",
        "kind": "competent",
        "level": "prefecture",
        "address": "乌鲁木齐市新市区示例路 9 号",
        "contacts": [("古丽娜·买买提", "0991-0100501", "出版管理处")],
    },
    {
        "region": XJ,
        "name": "新疆维吾尔自治区社会科学界联合会",
        "kind": "competent",
        "level": "prefecture",
        "address": "乌鲁木齐市天山区示例路 11 号",
        "contacts": [("赵国庆", "0991-0100601", "组织人事部")],
    },
    # 乌鲁木齐市
    {
        "region": URUMQI,
        "name": "乌鲁木齐市人力资源和社会保障局",
        "kind": "hrss",
        "level": "prefecture",
        "address": "乌鲁木齐市水磨沟区示例路 20 号",
        "contacts": [("刘芳", "0991-0100701", "专业技术人员管理科")],
    },
    {
        "region": URUMQI,
        "name": "乌鲁木齐市教育局",
        "kind": "industry",
        "level": "prefecture",
        "address": "乌鲁木齐市天山区示例路 22 号",
        "contacts": [
            ("陈静", "0991-0100801", "人事科"),
            ("努尔兰·叶尔肯", "0991-0100802", "人事科"),
        ],
    },
    {
        "region": URUMQI,
        "name": "乌鲁木齐市卫生健康委员会",
        "kind": "industry",
        "level": "prefecture",
        "address": "乌鲁木齐市新市区示例路 24 号",
        "contacts": [("杨帆", "0991-0100901", "人事科")],
    },
    # 喀什地区
    {
        "region": KASHGAR,
        "name": "喀什地区人力资源和社会保障局",
        "kind": "hrss",
        "level": "prefecture",
        "address": "喀什市示例路 30 号",
        "contacts": [("阿布都热合曼·艾买提", "0998-0101001", "专业技术人员管理科")],
    },
    {
        "region": KASHGAR,
        "name": "喀什地区职称材料接收中心",
        "kind": "receiving",
        "level": "prefecture",
        "address": "喀什市示例路 30 号 1 楼",
        "contacts": [("古丽巴哈尔·艾力", "0998-0101002", "材料受理")],
    },
    {
        "region": KASHGAR,
        "name": "喀什地区教育局",
        "kind": "industry",
        "level": "prefecture",
        "address": "喀什市示例路 32 号",
        "contacts": [("王海燕", "0998-0101101", "人事科")],
    },
    {
        "region": KASHGAR,
        "name": "喀什地区卫生健康委员会",
        "kind": "industry",
        "level": "prefecture",
        "address": "喀什市示例路 34 号",
        "contacts": [("热依拉·吾斯曼", "0998-0101201", "人事科")],
    },
    # 岳普湖县 (喀什地区)
    {
        "region": YUEPUHU,
        "name": "岳普湖县人力资源和社会保障局",
        "kind": "hrss",
        "level": "county",
        "address": "岳普湖县示例路 2 号",
        "contacts": [("买买提江·阿不都", "0998-0101301", "职称股")],
    },
    {
        "region": YUEPUHU,
        "name": "岳普湖县教育局",
        "kind": "industry",
        "level": "county",
        "address": "岳普湖县示例路 4 号",
        "contacts": [("张伟", "0998-0101401", "人事股")],
    },
    {
        "region": YUEPUHU,
        "name": "岳普湖县卫生健康委员会",
        "kind": "industry",
        "level": "county",
        "address": "岳普湖县示例路 6 号",
        "contacts": [("帕提古丽·肉孜", "0998-0101501", "人事股")],
    },
]


def node(
    label: str, actor: str, *, level: str = "", department: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A chain node; `department` is (region code, name) of a fixed department."""
    return {"label": label, "actor": actor, "department_level": level, "department": department}


# 申请人 → 基层工作单位 → 地厅级材料接收部门 → 评审机构 → 通过形式审核 [S0]
AUTONOMOUS_CHAIN = [
    node("基层工作单位", "base_unit"),
    node("地厅级材料接收部门", "recommending", level="prefecture"),
    node("评审机构", "committee"),
]
# 申请人 → 基层工作单位 → 评审委员会 → 通过形式审核 [S1, 乌鲁木齐市评审委员会]
DIRECT_CHAIN = [
    node("基层工作单位", "base_unit"),
    node("评审委员会", "committee"),
]
PREFECTURE_CHAIN = [
    node("基层工作单位", "base_unit"),
    node("主管单位", "recommending", level="prefecture"),
    node("评审委员会", "committee"),
]
KASHGAR_TEACHER_CHAIN = [
    node("基层工作单位", "base_unit"),
    node("主管单位", "recommending", level="prefecture"),
    node("地区材料接收部门", "department", department=(KASHGAR, "喀什地区职称材料接收中心")),
    node("评审委员会", "committee"),
]
# 申请人 → 基层工作单位 → 县(市)行业主管局 → 县(市)级材料接收部门 → 通过形式审核 [S1]
COUNTY_CHAIN = [
    node("基层工作单位", "base_unit"),
    node("县(市)行业主管局", "recommending", level="county"),
    node(
        "县(市)级材料接收部门",
        "department",
        department=(YUEPUHU, "岳普湖县人力资源和社会保障局"),
    ),
]

PAPER_CONTENTS = (
    "1. 评审表一式三份（正反面打印在一张 A4 纸上，形式审核通过后打印带水印的正式表）；\n"
    "2. 申请书打印件一份；\n"
    "3. 学历学位证书、专业技术资格证书、获奖证书等复印件各一份，原件备查；\n"
    "4. 任现职以来的年度考核表复印件。"
)
PAPER_BINDING = (
    "按申请书栏目顺序排列，A4 纸左侧装订成册，装入职称材料袋；"
    "材料袋正面粘贴系统打印的“职称材料袋基本信息”。"
)
PAPER_DEADLINE = datetime.date(2026, 10, 31)

FEES_AUTONOMOUS = {JR: Decimal(100), MID: Decimal(150), ASC: Decimal(300), SR: Decimal(400)}
FEES_PREFECTURE = {JR: Decimal(80), MID: Decimal(120), ASC: Decimal(240), SR: Decimal(320)}


def autonomous_committee(
    name: str, series: list[str], contacts: list[tuple[str, str, str]], address: str
) -> dict[str, Any]:
    """A 自治区 committee: every level of its series, online fee, and a special-talent chain."""
    return {
        "region": XJ,
        "name": name,
        "address": address,
        "submission_limit": 3,
        "fee_mode": "online",
        "fees": FEES_AUTONOMOUS,
        "contacts": contacts,
        "scopes": [(code, ALL_LEVELS) for code in series],
        # 特殊人才认定 follows the seed's chain: 申请人 → 基层工作单位 → 地厅级材料接收部门
        # → 评审机构 → 通过形式审核 [S0]; 初次确定, 授予 and 访惠聚三年高定 the same.
        "chains": {
            BusinessType.REVIEW: AUTONOMOUS_CHAIN,
            BusinessType.SPECIAL: AUTONOMOUS_CHAIN,
            BusinessType.INITIAL: AUTONOMOUS_CHAIN,
            BusinessType.CONFER: AUTONOMOUS_CHAIN,
            BusinessType.FHJ: AUTONOMOUS_CHAIN,
        },
    }


COMMITTEES: list[dict[str, Any]] = [
    autonomous_committee(
        "自治区中小学和幼儿园教师职称评审委员会",
        ["zxxjs", "yeyjs"],
        [("韩磊", "0991-0102001", "评审办公室"), ("迪丽拜尔·阿不来提", "0991-0102002", "材料受理")],
        "乌鲁木齐市天山区示例路 3 号 教育厅 5 楼",
    ),
    autonomous_committee(
        "自治区高等学校教师职称评审委员会",
        ["gxjs"],
        [("郑红", "0991-0102101", "评审办公室")],
        "乌鲁木齐市天山区示例路 3 号 教育厅 6 楼",
    ),
    autonomous_committee(
        "自治区社会科学研究系列职称评审委员会",
        ["sky"],
        [("吴志强", "0991-0102201", "评审办公室")],
        "乌鲁木齐市天山区示例路 11 号",
    ),
    autonomous_committee(
        "自治区出版系列职称评审委员会",
        ["cb"],
        [("何秀兰", "0991-0102301", "评审办公室")],
        "乌鲁木齐市新市区示例路 9 号",
    ),
    autonomous_committee(
        "自治区卫生系列职称评审委员会",
        ["ws"],
        [("高峰", "0991-0102401", "评审办公室"), ("阿依努尔·沙吾提", "0991-0102402", "材料受理")],
        "乌鲁木齐市沙依巴克区示例路 5 号",
    ),
    autonomous_committee(
        "自治区工程系列职称评审委员会",
        ["gc"],
        [("林建国", "0991-0102501", "评审办公室")],
        "乌鲁木齐市天山区示例路 7 号",
    ),
    {
        "region": URUMQI,
        "name": "乌鲁木齐市教育局评审委员会",
        "address": "乌鲁木齐市天山区示例路 22 号 3 楼",
        "submission_limit": 2,
        "fee_mode": "offline",
        "fees": FEES_PREFECTURE,
        "contacts": [("黄丽", "0991-0102601", "评审办公室")],
        "scopes": [("zxxjs", [JR, MID, ASC]), ("yeyjs", [JR, MID, ASC])],
        "chains": {BusinessType.REVIEW: PREFECTURE_CHAIN},
    },
    {
        "region": URUMQI,
        "name": "乌鲁木齐市评审委员会",
        "address": "乌鲁木齐市水磨沟区示例路 20 号 2 楼",
        "submission_limit": 3,
        "fee_mode": "online",
        "fees": FEES_PREFECTURE,
        "contacts": [("罗斌", "0991-0102701", "评审办公室")],
        "scopes": [
            ("sky", [JR, MID]),
            ("cb", [JR, MID]),
            ("ws", [JR, MID]),
            ("gc", [JR, MID, ASC]),
        ],
        "chains": {
            BusinessType.REVIEW: DIRECT_CHAIN,
            BusinessType.INITIAL: DIRECT_CHAIN,
            BusinessType.CONFER: DIRECT_CHAIN,
        },
    },
    {
        "region": KASHGAR,
        "name": "喀什地区中小学教师职称评审委员会",
        "address": "喀什市示例路 32 号",
        "submission_limit": 2,
        "fee_mode": "offline",
        "fees": FEES_PREFECTURE,
        "contacts": [("吐尔洪·依明", "0998-0102801", "评审办公室")],
        "scopes": [("zxxjs", [JR, MID, ASC]), ("yeyjs", [JR, MID, ASC])],
        "chains": {
            BusinessType.REVIEW: KASHGAR_TEACHER_CHAIN,
            BusinessType.INITIAL: KASHGAR_TEACHER_CHAIN,
            BusinessType.FHJ: KASHGAR_TEACHER_CHAIN,
        },
    },
    {
        "region": KASHGAR,
        "name": "喀什地区卫生和工程系列职称评审委员会",
        "address": "喀什市示例路 30 号",
        "submission_limit": 3,
        "fee_mode": "offline",
        "fees": FEES_PREFECTURE,
        "contacts": [("宋雪", "0998-0102901", "评审办公室")],
        "scopes": [("ws", [JR, MID]), ("gc", [JR, MID])],
        "chains": {
            BusinessType.REVIEW: PREFECTURE_CHAIN,
            BusinessType.INITIAL: PREFECTURE_CHAIN,
            BusinessType.FHJ: PREFECTURE_CHAIN,
        },
    },
    {
        "region": YUEPUHU,
        "name": "岳普湖县人社局评审委员会",
        "address": "岳普湖县示例路 2 号",
        "submission_limit": 2,
        "fee_mode": "none",
        "fees": {},
        "contacts": [("买买提江·阿不都", "0998-0101301", "职称股")],
        "scopes": [("zxxjs", [JR, MID]), ("yeyjs", [JR, MID])],
        "chains": {BusinessType.REVIEW: COUNTY_CHAIN, BusinessType.INITIAL: COUNTY_CHAIN},
    },
]

for _committee in COMMITTEES:
    _committee.setdefault(
        "paper",
        {"deadline": PAPER_DEADLINE, "contents": PAPER_CONTENTS, "binding": PAPER_BINDING},
    )
