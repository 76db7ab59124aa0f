"""Building blocks of the form templates: fields, choice lists and the sections every series shares.

A template is a dict: series (code), business_type, year, version, name, sections.
A section: key, title, hint, repeatable, max_rows, required, filled_by_unit, fields, slots.
A field: key, label, type, required, hint, choices, min_value, max_value, max_length.
A slot: key, label, required, max_files, hint.
Positions are the order in the lists, starting at 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

YEAR = 2026
VERSION = 1

Field = dict[str, Any]
Slot = dict[str, Any]
Section = dict[str, Any]


def field(
    key: str,
    label: str,
    type: str = "text",  # noqa: A002 - the TemplateField column is called type
    *,
    required: bool = False,
    hint: str = "",
    choices: list[str] | None = None,
    min_value: int | Decimal | None = None,
    max_value: int | Decimal | None = None,
    max_length: int | None = None,
) -> Field:
    if max_length is None and type in ("text", "textarea"):
        max_length = 100 if type == "text" else 2000
    return {
        "key": key,
        "label": label,
        "type": type,
        "required": required,
        "hint": hint,
        "choices": list(choices or []),
        "min_value": None if min_value is None else Decimal(min_value),
        "max_value": None if max_value is None else Decimal(max_value),
        "max_length": max_length,
    }


def slot(
    key: str, label: str, *, required: bool = False, max_files: int = 5, hint: str = ""
) -> Slot:
    return {
        "key": key,
        "label": label,
        "required": required,
        "max_files": max_files,
        "hint": hint,
    }


def section(
    key: str,
    title: str,
    *,
    hint: str = "",
    repeatable: bool = False,
    max_rows: int = 20,
    required: bool = True,
    filled_by_unit: bool = False,
    fields: list[Field] | None = None,
    slots: list[Slot] | None = None,
) -> Section:
    return {
        "key": key,
        "title": title,
        "hint": hint,
        "repeatable": repeatable,
        "max_rows": max_rows,
        "required": required,
        "filled_by_unit": filled_by_unit,
        "fields": list(fields or []),
        "slots": list(slots or []),
    }


SEX = ["男", "女"]
# GB/T 3304 order.
ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族",
    "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族",
    "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
    "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
]  # fmt: skip
EDUCATION = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "中等专科", "高中及以下"]
DEGREES = ["博士", "硕士", "学士", "无"]
POLITICAL_STATUS = [
    "中共党员",
    "中共预备党员",
    "共青团员",
    "民主党派成员",
    "无党派人士",
    "群众",
]
UNIT_NATURE = ["自治区级单位", "地州级单位", "县级及以下单位"]
STUDY_MODES = ["全日制", "非全日制"]
ASSESSMENT_RESULTS = ["优秀", "合格", "基本合格", "不合格"]
AWARD_LEVELS = ["国家级", "省部级", "地厅级", "县处级", "其他"]
OWN_ROLES = ["主持", "主要参与", "参与"]


def basic_section() -> Section:
    """1 基本信息: the same columns in every template; five are filled in by the system."""
    return section(
        "basic",
        "基本信息",
        hint="请按身份证和人事档案如实填写；带“系统带出”的项目由系统根据账号和申请资格填写。",
        fields=[
            field("specialty", "拟申报专业", "auto", hint="新增申请书时选择，可通过“更改资格”修改"),
            field("number", "申请书编号", "auto"),
            field("id_number", "身份证号", "auto", hint="注册时填写的本人身份证号"),
            field("name", "姓名", required=True, max_length=50, hint="与身份证一致"),
            field("sex", "性别", "choice", required=True, choices=SEX),
            field("ethnicity", "民族", "choice", required=True, choices=ETHNICITIES),
            field(
                "education",
                "学历",
                "choice",
                required=True,
                choices=EDUCATION,
                hint="国家承认的最高学历",
            ),
            field("birth_date", "出生日期", "date", required=True),
            field(
                "political_status",
                "政治面貌",
                "choice",
                required=True,
                choices=POLITICAL_STATUS,
            ),
            field("work_start_date", "参加工作时间", "date", required=True),
            field(
                "is_transfer",
                "是否转评或跨专业",
                "boolean",
                required=True,
                hint="现职称与申报专业不属同一系列或专业的选“是”",
            ),
            field("fhj_this_year", "参加当年访惠聚", "boolean", required=True),
            field("base_unit", "基层工作单位", "auto"),
            field("department", "所在部门", required=True, max_length=50),
            field(
                "unit_nature",
                "单位性质",
                "choice",
                required=True,
                choices=UNIT_NATURE,
                hint="按基层工作单位的隶属关系选择",
            ),
            field(
                "admin_post",
                "现(兼)任行政职务",
                max_length=50,
                hint="没有行政职务的可不填",
            ),
            field("qualification", "申请资格", "auto"),
        ],
        slots=[
            slot(
                "id_card",
                "身份证（正反面）",
                required=True,
                max_files=2,
                hint="图片或 PDF，每个不超过 2M",
            ),
        ],
    )


def education_section() -> Section:
    return section(
        "education",
        "学历学位情况",
        hint="从高中（中专）以后的学历填起，每段学历一行，按时间先后排列。",
        repeatable=True,
        max_rows=10,
        fields=[
            field("start_month", "起始年月", "month", required=True),
            field("end_month", "毕业年月", "month", required=True),
            field("school", "毕业院校", required=True),
            field("major", "所学专业", required=True, max_length=50),
            field("education", "学历", "choice", required=True, choices=EDUCATION),
            field("degree", "学位", "choice", required=True, choices=DEGREES),
            field("study_mode", "学习形式", "choice", required=True, choices=STUDY_MODES),
        ],
        slots=[
            slot("diploma", "学历证书", required=True),
            slot("degree_certificate", "学位证书"),
            slot(
                "chsi_report", "学信网学历认证报告", hint="境外学历请上传教育部留学服务中心认证书"
            ),
        ],
    )


def qualification_section(title: str = "专业技术资格", hint: str = "") -> Section:
    return section(
        "qualification",
        title,
        hint=hint
        or "填写已取得的专业技术资格（职称），每个资格一行；首次申报的填写取得的从业资格。",
        repeatable=True,
        max_rows=10,
        fields=[
            field("title_name", "资格名称", required=True, max_length=50),
            field("obtained_date", "取得时间", "date", required=True),
            field("issuer", "评审(认定)机构", required=True),
            field("certificate_number", "证书编号", max_length=50),
            field("appointed_date", "聘任时间", "date", hint="未聘任的可不填"),
        ],
        slots=[
            slot("certificate", "资格证书", required=True),
            slot("appointment", "聘任文件或聘用合同"),
        ],
    )


def assessment_section() -> Section:
    return section(
        "assessment",
        "(聘)任现职期间考核",
        hint="任现职以来每个年度一行；考核不合格的年度不计入任职年限。",
        repeatable=True,
        max_rows=20,
        fields=[
            field("year", "年度", "integer", required=True, min_value=1980, max_value=2100),
            field("result", "考核结果", "choice", required=True, choices=ASSESSMENT_RESULTS),
            field("assessor", "考核单位"),
        ],
        slots=[slot("assessment_form", "年度考核表", required=True, max_files=10)],
    )


def continuing_education_section() -> Section:
    return section(
        "continuing_education",
        "继续教育",
        hint="任现职以来每年一行；每年累计不少于 90 学时，其中公需科目不少于 30 学时。",
        repeatable=True,
        max_rows=20,
        fields=[
            field("year", "年度", "integer", required=True, min_value=1980, max_value=2100),
            field(
                "public_hours",
                "公需科目学时",
                "integer",
                required=True,
                min_value=0,
                max_value=500,
            ),
            field(
                "professional_hours",
                "专业科目学时",
                "integer",
                required=True,
                min_value=0,
                max_value=500,
            ),
            field("content", "主要学习内容", max_length=200),
        ],
        slots=[slot("hours_certificate", "继续教育学时证明", required=True, max_files=10)],
    )


def awards_section(key: str = "awards", title: str = "获奖情况") -> Section:
    return section(
        key,
        title,
        hint="任现职以来获得的奖励，每项一行；没有的可不填。",
        repeatable=True,
        required=False,
        fields=[
            field("name", "奖项名称", required=True),
            field("level", "级别", "choice", required=True, choices=AWARD_LEVELS),
            field("grantor", "授奖单位", required=True),
            field("awarded_month", "获奖年月", "month", required=True),
            field("rank", "本人排名", "integer", min_value=1, max_value=50),
        ],
        slots=[slot("award_certificate", "获奖证书")],
    )


def publications_section(key: str = "publications", title: str = "论文著作") -> Section:
    return section(
        key,
        title,
        hint="任现职以来公开发表的论文、出版的著作或教材，每项一行。",
        repeatable=True,
        required=False,
        fields=[
            field("title", "题目", required=True, max_length=200),
            field(
                "kind",
                "类别",
                "choice",
                required=True,
                choices=["期刊论文", "会议论文", "学术专著", "编著", "教材", "研究报告"],
            ),
            field("venue", "刊物或出版社", required=True),
            field("published_month", "发表(出版)年月", "month", required=True),
            field("identifier", "刊号或书号", max_length=50, hint="ISSN、CN 或 ISBN"),
            field("rank", "本人排名", "integer", min_value=1, max_value=50),
        ],
        slots=[slot("publication_copy", "封面、目录及正文", max_files=10)],
    )


def projects_section(key: str = "projects", title: str = "科研项目") -> Section:
    return section(
        key,
        title,
        hint="任现职以来主持或参与的项目（课题），每项一行。",
        repeatable=True,
        required=False,
        fields=[
            field("name", "项目名称", required=True, max_length=200),
            field(
                "source", "项目来源", required=True, hint="如 国家社会科学基金、自治区自然科学基金"
            ),
            field("level", "级别", "choice", required=True, choices=AWARD_LEVELS),
            field("own_role", "本人角色", "choice", required=True, choices=OWN_ROLES),
            field("start_month", "起始年月", "month", required=True),
            field("end_month", "结题年月", "month", hint="在研项目可不填"),
            field("funding", "经费(万元)", "decimal", min_value=0, max_value=100000),
        ],
        slots=[slot("project_proof", "立项书、结题证书", max_files=10)],
    )


def other_attachments_section() -> Section:
    return section(
        "other",
        "其他附件或证明材料",
        hint="以上栏目未涵盖、但能证明本人能力和业绩的材料。",
        required=False,
        fields=[field("note", "说明", "textarea", max_length=1000)],
        slots=[slot("others", "其他证明材料", max_files=10)],
    )


def unit_opinion_section() -> Section:
    """单位推荐意见: written by the base unit before it passes the application on."""
    return section(
        "unit_opinion",
        "单位推荐意见",
        hint="由基层工作单位填写：先保存单位意见，再提交材料。",
        filled_by_unit=True,
        fields=[
            field("hr_person", "职称工作负责人", required=True, max_length=50),
            field("hr_mobile", "职称工作负责人手机", "phone", required=True),
            field(
                "opinion",
                "单位推荐意见",
                "textarea",
                required=True,
                max_length=1000,
                hint="10 到 1000 字之间",
            ),
        ],
    )
