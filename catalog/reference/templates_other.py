"""初次确定, 授予 and 访惠聚三年高定: the other business types, on the same engine [S0].

Each series gets one template per business type, with a few sections of its own on top
of the shared ones (basic information, education, qualification, the unit's opinion):

- 初次确定 (initial determination): a graduate's first title after the probation year —
  the probation and its assessment, with the graduation certificate.
- 授予 (conferral): a title conferred by a body holding the authority — the title held
  elsewhere (or the post) and the conferral's basis.
- 访惠聚三年高定 (a level higher after three years in a 访惠聚 village work team): the
  team service year by year and its assessment.
"""

from __future__ import annotations

from typing import Any

from catalog.reference.series import SERIES
from catalog.reference.templates_common import (
    ASSESSMENT_RESULTS,
    VERSION,
    YEAR,
    Section,
    assessment_section,
    basic_section,
    education_section,
    field,
    other_attachments_section,
    qualification_section,
    section,
    slot,
    unit_opinion_section,
)

CONFER_BASES = [
    "外省(区、市)取得的专业技术资格",
    "部队转业取得的专业技术资格",
    "非公有制单位聘任",
    "其他",
]
FHJ_ROLES = ["工作队队长", "工作队副队长", "工作队队员", "第一书记"]


def initial_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        section(
            "probation",
            "见习期情况",
            hint="大中专毕业生见习期满、考核合格后初次确定专业技术资格。",
            fields=[
                field("start_date", "见习开始日期", "date", required=True),
                field("end_date", "见习结束日期", "date", required=True),
                field("post", "见习岗位", required=True, max_length=50),
                field(
                    "result", "见习期考核结果", "choice", required=True, choices=ASSESSMENT_RESULTS
                ),
                field("summary", "见习期工作总结", "textarea", required=True, max_length=2000),
            ],
            slots=[
                slot("graduation", "毕业证书", required=True, max_files=2),
                slot("probation_form", "见习期考核表", required=True, max_files=3),
            ],
        ),
        unit_opinion_section(),
    ]


def confer_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section("已取得的专业技术资格", hint="作为授予依据的资格，每个资格一行。"),
        section(
            "conferral",
            "授予依据",
            hint="说明申请授予的依据，并上传相应证明材料。",
            fields=[
                field("basis", "授予依据", "choice", required=True, choices=CONFER_BASES),
                field("post", "现从事专业技术岗位", required=True, max_length=50),
                field("explanation", "情况说明", "textarea", required=True, max_length=1000),
            ],
            slots=[slot("basis_documents", "授予依据证明材料", required=True, max_files=5)],
        ),
        assessment_section(),
        unit_opinion_section(),
    ]


def fhj_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section("现专业技术资格"),
        section(
            "fhj_service",
            "访惠聚驻村工作经历",
            hint="驻村工作每个年度一行，累计满三年方可申报。",
            repeatable=True,
            max_rows=10,
            fields=[
                field("year", "年度", "integer", required=True, min_value=2014, max_value=2100),
                field("village", "驻村地点", required=True, max_length=100),
                field("role", "驻村职务", "choice", required=True, choices=FHJ_ROLES),
                field(
                    "result", "年度考核结果", "choice", required=True, choices=ASSESSMENT_RESULTS
                ),
            ],
            slots=[slot("fhj_assessment", "驻村工作年度考核表", required=True, max_files=10)],
        ),
        section(
            "fhj_results",
            "驻村工作实绩",
            fields=[field("summary", "工作实绩", "textarea", required=True, max_length=2000)],
            slots=[slot("fhj_certificate", "派出单位证明", required=True, max_files=3)],
        ),
        other_attachments_section(),
        unit_opinion_section(),
    ]


BUSINESS_TYPES = [
    ("initial", "初次确定申请书", initial_sections),
    ("confer", "授予申请书", confer_sections),
    ("fhj", "访惠聚三年高定申请书", fhj_sections),
]

TEMPLATES: list[dict[str, Any]] = [
    {
        "series": series["code"],
        "business_type": business_type,
        "year": YEAR,
        "version": VERSION,
        "name": f"{series['name']}{name}",
        "sections": sections(),
    }
    for business_type, name, sections in BUSINESS_TYPES
    for series in SERIES
]
