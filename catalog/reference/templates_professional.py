"""Review templates of 高校教师, 社会科学研究, 出版系列, 卫生系列 and 工程系列."""

from __future__ import annotations

from typing import Any

from catalog.reference.templates_common import (
    AWARD_LEVELS,
    OWN_ROLES,
    VERSION,
    YEAR,
    Section,
    assessment_section,
    awards_section,
    basic_section,
    continuing_education_section,
    education_section,
    field,
    projects_section,
    publications_section,
    qualification_section,
    section,
    slot,
    unit_opinion_section,
)


def higher_education_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section(),
        assessment_section(),
        section(
            "courses",
            "教学工作情况",
            hint="任现职以来每学年讲授的课程，每门课程一行。",
            repeatable=True,
            max_rows=40,
            fields=[
                field("school_year", "学年", required=True, max_length=20, hint="如 2024-2025"),
                field("course", "课程名称", required=True),
                field("audience", "授课对象", required=True, max_length=50, hint="如 本科二年级"),
                field("hours", "学时", "integer", required=True, min_value=1, max_value=2000),
                field("is_main_lecturer", "是否主讲", "boolean", required=True),
            ],
            slots=[slot("teaching_proof", "教务部门出具的教学工作量证明", required=True)],
        ),
        projects_section(),
        publications_section(),
        awards_section(),
        continuing_education_section(),
        unit_opinion_section(),
    ]


def social_science_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section(),
        assessment_section(),
        projects_section("projects", "科研课题"),
        publications_section(),
        section(
            "advisory",
            "决策咨询成果",
            hint="报送有关部门的研究报告、咨询建议及其批示、采纳情况，每项一行；没有的可不填。",
            repeatable=True,
            required=False,
            fields=[
                field("title", "报告名称", required=True, max_length=200),
                field("recipient", "报送(采纳)单位", required=True),
                field("adoption", "批示或采纳情况", required=True, max_length=200),
                field("submitted_month", "报送年月", "month", required=True),
            ],
            slots=[slot("adoption_proof", "批示件或采纳证明")],
        ),
        awards_section(),
        continuing_education_section(),
        unit_opinion_section(),
    ]


def publishing_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section(),
        assessment_section(),
        section(
            "editing",
            "编辑出版业绩",
            hint="任现职以来本人编辑出版的图书、期刊等，每种一行。",
            repeatable=True,
            max_rows=40,
            fields=[
                field("title", "书(刊)名", required=True, max_length=200),
                field(
                    "kind",
                    "出版物类别",
                    "choice",
                    required=True,
                    choices=["图书", "期刊", "音像制品", "电子出版物", "数字出版物"],
                ),
                field(
                    "own_work",
                    "本人承担工作",
                    "choice",
                    required=True,
                    choices=["选题策划", "责任编辑", "初审", "复审", "终审"],
                ),
                field("published_month", "出版年月", "month", required=True),
                field("words_thousands", "字数(千字)", "integer", min_value=0, max_value=100000),
                field("identifier", "书号或刊号", max_length=50, hint="ISBN、ISSN 或 CN"),
            ],
            slots=[slot("copyright_page", "版权页及审读意见", required=True, max_files=10)],
        ),
        awards_section("publication_awards", "出版物获奖"),
        publications_section("papers", "编辑出版研究论文"),
        continuing_education_section(),
        unit_opinion_section(),
    ]


def health_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section(
            "执业资格与专业技术资格",
            hint="执业医师资格、执业注册和已取得的专业技术资格，每项一行。",
        ),
        assessment_section(),
        section(
            "workload",
            "临床工作量",
            hint="任现职以来每年一行，数据以医院信息系统统计为准。",
            repeatable=True,
            fields=[
                field("year", "年度", "integer", required=True, min_value=1980, max_value=2100),
                field("outpatients", "门(急)诊人次", "integer", required=True, min_value=0),
                field("discharged", "出院人数", "integer", min_value=0),
                field("operations", "手术(操作)例数", "integer", min_value=0),
            ],
            slots=[slot("workload_proof", "医院出具的工作量证明", required=True)],
        ),
        section(
            "representative_works",
            "代表作",
            hint="能代表本人专业水平的病案、手术视频、临床研究报告、论文或技术规范，不超过 5 项。",
            repeatable=True,
            max_rows=5,
            fields=[
                field(
                    "kind",
                    "类别",
                    "choice",
                    required=True,
                    choices=["典型病案", "手术视频", "临床研究报告", "论文", "技术规范或标准"],
                ),
                field("title", "题目", required=True, max_length=200),
                field("completed_month", "完成年月", "month", required=True),
                field("summary", "简要说明", "textarea", max_length=500),
            ],
            slots=[slot("work_file", "代表作材料", required=True, max_files=10)],
        ),
        section(
            "grassroots",
            "基层服务经历",
            hint="在县级以下医疗卫生机构或对口支援单位服务的经历，每段一行。",
            repeatable=True,
            required=False,
            max_rows=10,
            fields=[
                field("organisation", "服务单位", required=True),
                field("start_month", "起始年月", "month", required=True),
                field("end_month", "结束年月", "month", required=True),
                field("content", "服务内容", max_length=200),
            ],
            slots=[slot("service_proof", "基层服务证明")],
        ),
        continuing_education_section(),
        unit_opinion_section(),
    ]


def engineering_sections() -> list[Section]:
    return [
        basic_section(),
        education_section(),
        qualification_section(),
        assessment_section(),
        section(
            "engineering_projects",
            "工程项目业绩",
            hint="任现职以来主持或参与的工程项目，每项一行。",
            repeatable=True,
            fields=[
                field("name", "项目名称", required=True, max_length=200),
                field(
                    "scale", "项目规模", "choice", required=True, choices=["大型", "中型", "小型"]
                ),
                field("own_role", "本人角色", "choice", required=True, choices=OWN_ROLES),
                field("start_month", "起始年月", "month", required=True),
                field("end_month", "完成年月", "month"),
                field("investment", "投资额(万元)", "decimal", min_value=0, max_value=10000000),
                field("own_work", "本人主要工作", "textarea", required=True, max_length=500),
            ],
            slots=[slot("project_proof", "项目合同、验收或竣工证明", required=True, max_files=10)],
        ),
        section(
            "technical_results",
            "技术成果",
            hint="专利、技术标准、工法、软件著作权等，每项一行；没有的可不填。",
            repeatable=True,
            required=False,
            fields=[
                field("name", "成果名称", required=True, max_length=200),
                field(
                    "kind",
                    "类别",
                    "choice",
                    required=True,
                    choices=["发明专利", "实用新型专利", "技术标准", "工法", "软件著作权"],
                ),
                field("level", "级别", "choice", choices=AWARD_LEVELS),
                field("granted_month", "取得年月", "month", required=True),
                field("rank", "本人排名", "integer", min_value=1, max_value=50),
            ],
            slots=[slot("result_proof", "成果证书或标准文本")],
        ),
        publications_section("papers", "论文与技术报告"),
        awards_section(),
        continuing_education_section(),
        unit_opinion_section(),
    ]


def _template(code: str, name: str, sections: list[Section]) -> dict[str, Any]:
    return {
        "series": code,
        "business_type": "review",
        "year": YEAR,
        "version": VERSION,
        "name": f"{name}职称评审申请书",
        "sections": sections,
    }


TEMPLATES: list[dict[str, Any]] = [
    _template("gxjs", "高校教师", higher_education_sections()),
    _template("sky", "社会科学研究", social_science_sections()),
    _template("cb", "出版系列", publishing_sections()),
    _template("ws", "卫生系列", health_sections()),
    _template("gc", "工程系列", engineering_sections()),
]
