"""特殊人才认定 (special talent, direct 正高 under 新人社发〔2012〕85号 art. 4) [S0].

Special talent is recognised in every series the 自治区 judges at 正高, so each series
gets the same sectioned form under business type `special`.
"""

from __future__ import annotations

from typing import Any

from catalog.reference.series import SERIES
from catalog.reference.templates_common import (
    AWARD_LEVELS,
    VERSION,
    YEAR,
    Section,
    basic_section,
    education_section,
    field,
    qualification_section,
    section,
    slot,
    unit_opinion_section,
)

CONTRIBUTION_KINDS = [
    "获得国家级科技奖励或重大荣誉",
    "主持完成国家或自治区重大项目",
    "在关键技术或重大理论问题上取得突破",
    "引领行业发展、产生重大经济社会效益",
    "其他突出贡献",
]
RESULT_KINDS = ["项目", "奖励", "专利", "标准", "著作", "其他"]


def special_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section("现专业技术资格"),
        section(
            "career",
            "工作经历",
            hint="参加工作以来的主要经历，每段一行，按时间先后排列。",
            repeatable=True,
            fields=[
                field("start_month", "起始年月", "month", required=True),
                field("end_month", "结束年月", "month", hint="至今的可不填"),
                field("organisation", "工作单位", required=True),
                field("post", "职务或岗位", required=True, max_length=50),
            ],
        ),
        section(
            "contribution",
            "突出贡献",
            hint="说明对国家或自治区经济社会发展、行业发展作出的突出贡献，须与证明材料对应。",
            fields=[
                field(
                    "kind",
                    "贡献类型",
                    "choice",
                    required=True,
                    choices=CONTRIBUTION_KINDS,
                ),
                field(
                    "summary",
                    "突出贡献概述",
                    "textarea",
                    required=True,
                    max_length=3000,
                    hint="300 到 3000 字",
                ),
                field("benefit", "经济社会效益", "textarea", required=True),
                field("recognition", "同行评价和社会影响", "textarea", max_length=1000),
            ],
        ),
        section(
            "results",
            "主要业绩成果",
            hint="最能体现突出贡献的成果，不超过 10 项。",
            repeatable=True,
            max_rows=10,
            fields=[
                field("name", "成果名称", required=True, max_length=200),
                field("kind", "类别", "choice", required=True, choices=RESULT_KINDS),
                field("level", "级别", "choice", required=True, choices=AWARD_LEVELS),
                field("achieved_month", "取得年月", "month", required=True),
                field("own_role", "本人作用", required=True, max_length=200),
            ],
        ),
        section(
            "evidence",
            "证明材料",
            hint="每个文件不超过 2M；专家推荐意见须由两名本专业正高级专家出具。",
            fields=[field("note", "材料说明", "textarea", max_length=1000)],
            slots=[
                slot("award_certificates", "获奖证书或荣誉证书", max_files=10),
                slot("project_acceptance", "项目验收或成果鉴定材料", max_files=10),
                slot("expert_letters", "专家推荐意见", required=True, max_files=3),
                slot("other_evidence", "其他证明材料", max_files=10),
            ],
        ),
        unit_opinion_section(),
    ]


TEMPLATES: list[dict[str, Any]] = [
    {
        "series": series["code"],
        "business_type": "special",
        "year": YEAR,
        "version": VERSION,
        "name": f"{series['name']}特殊人才认定申请书",
        "sections": special_sections(),
    }
    for series in SERIES
]
