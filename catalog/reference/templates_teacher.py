"""The teacher template (教师系列: 中小学教师 and 幼儿园教师), its 12 sections as in the seed [S1]."""

from __future__ import annotations

from typing import Any

from catalog.reference.templates_common import (
    VERSION,
    YEAR,
    Section,
    assessment_section,
    basic_section,
    continuing_education_section,
    education_section,
    field,
    other_attachments_section,
    qualification_section,
    section,
    slot,
    unit_opinion_section,
)

TEACHER_TYPES = [
    "城镇学校 - 公共课教师",
    "城镇学校 - 专业课教师",
    "农村学校 - 公共课教师",
    "农村学校 - 专业课教师",
    "特殊教育学校教师",
    "教研员",
]
TEACHER_CERTIFICATES = [
    "幼儿园教师资格",
    "小学教师资格",
    "初级中学教师资格",
    "高级中学教师资格",
    "中等职业学校教师资格",
    "中等职业学校实习指导教师资格",
]
IP_KINDS = ["发明专利", "实用新型专利", "外观设计专利", "计算机软件著作权", "其他"]


def teacher_sections() -> list[Section]:
    return [
        basic_section(),
        section(
            "teacher",
            "教师情况",
            hint="教龄和农村任教经历计算至申报年度的 12 月 31 日。",
            fields=[
                field("teacher_type", "教师类型", "choice", required=True, choices=TEACHER_TYPES),
                field("is_aid_teacher", "是否援疆教师", "boolean", required=True),
                field(
                    "teaching_years",
                    "教龄",
                    "integer",
                    required=True,
                    min_value=0,
                    max_value=50,
                    hint="整年数",
                ),
                field(
                    "teacher_certificate",
                    "取得何种教师资格",
                    "choice",
                    required=True,
                    choices=TEACHER_CERTIFICATES,
                ),
                field(
                    "is_southern_teacher",
                    "是否南疆四地州任教教师",
                    "boolean",
                    required=True,
                    hint="在喀什、和田、阿克苏、克孜勒苏任教的选“是”",
                ),
                field(
                    "rural_years",
                    "农村任教经历(年)",
                    "decimal",
                    required=True,
                    min_value=0,
                    max_value=50,
                    hint="可保留一位小数，没有的填 0",
                ),
            ],
            slots=[
                slot("teacher_certificate", "教师资格证", required=True, max_files=2),
                slot("rural_proof", "农村任教经历证明", hint="有农村任教经历的上传"),
            ],
        ),
        education_section(),
        qualification_section(
            hint="填写已取得的教师专业技术职务（职称），每个一行；首次申报三级、二级教师的填写教师资格证书。"
        ),
        assessment_section(),
        continuing_education_section(),
        section(
            "teaching",
            "教育教学能力",
            hint="围绕任现职以来的教育教学工作如实填写，与附件对应。",
            fields=[
                field(
                    "workload",
                    "教育教学工作量",
                    "textarea",
                    required=True,
                    max_length=1000,
                    hint="任教学科、年级、周课时数",
                ),
                field("results", "教育教学业绩", "textarea", required=True),
                field(
                    "class_teacher",
                    "班主任(德育)工作",
                    "textarea",
                    max_length=1000,
                    hint="担任班主任、辅导员的年限和成效",
                ),
                field("research", "教研教改与论文", "textarea"),
                field("mentoring", "示范引领与指导青年教师", "textarea", max_length=1000),
            ],
            slots=[
                slot("lesson_proof", "公开课、示范课证明"),
                slot("teaching_awards", "教学获奖证书", max_files=10),
                slot("research_proof", "论文或课题结题证明", max_files=10),
            ],
        ),
        section(
            "ip",
            "获得的知识产权",
            hint="任现职以来获得授权的专利、软件著作权等，每项一行；没有的可不填。",
            repeatable=True,
            required=False,
            max_rows=10,
            fields=[
                field("name", "知识产权名称", required=True, max_length=200),
                field("kind", "类别", "choice", required=True, choices=IP_KINDS),
                field("number", "授权号(登记号)", required=True, max_length=50),
                field("granted_date", "授权日期", "date", required=True),
                field("rank", "本人排名", "integer", min_value=1, max_value=20),
            ],
            slots=[slot("ip_certificate", "知识产权证书")],
        ),
        section(
            "exchange",
            "支教交流经历",
            hint="到农村、薄弱学校或南疆四地州支教、交流的经历，每段一行；没有的可不填。",
            repeatable=True,
            required=False,
            max_rows=10,
            fields=[
                field("start_month", "起始年月", "month", required=True),
                field("end_month", "结束年月", "month", required=True),
                field("school", "支教(交流)学校", required=True),
                field("county", "所在县(市)", required=True, max_length=50),
                field("subject", "任教学科", max_length=50),
                field("is_rural", "是否农村学校", "boolean", required=True),
            ],
            slots=[slot("exchange_proof", "支教交流证明")],
        ),
        section(
            "academic",
            "担任学术团体职务",
            hint="在学会、协会、教研会等学术团体中担任的职务；没有的可不填。",
            repeatable=True,
            required=False,
            max_rows=10,
            fields=[
                field("organisation", "学术团体名称", required=True),
                field("post", "职务", required=True, max_length=50),
                field("start_month", "起始年月", "month", required=True),
                field("end_month", "结束年月", "month", hint="仍在任的可不填"),
            ],
            slots=[slot("appointment", "聘书或任职文件")],
        ),
        other_attachments_section(),
        unit_opinion_section(),
    ]


TEMPLATES: list[dict[str, Any]] = [
    {
        "series": code,
        "business_type": "review",
        "year": YEAR,
        "version": VERSION,
        "name": f"{name}职称评审申请书",
        "sections": teacher_sections(),
    }
    for code, name in (("zxxjs", "中小学教师"), ("yeyjs", "幼儿园教师"))
]
