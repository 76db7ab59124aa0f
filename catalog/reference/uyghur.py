"""Uyghur names of the catalogue beside the Chinese (docs/adr/0035-uyghur-and-rtl.md).

Keyed by the Chinese name; official titles with no settled Uyghur rendering keep the Chinese
in brackets (/work/notes/ug/GLOSSARY.md), so staff on the phone can still match them. The
loader writes them into ``name_ug``/``title_ug``/``label_ug``; a name missing here shows in
Chinese. These are stored reference values (data), not interface messages.
"""

from __future__ import annotations

from django.db.models import Model

from catalog.models import (
    QualificationCondition,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from catalog.reference.upsert import Tally
from catalog.templates import bump_revision

SERIES_UG = {
    "中小学教师": "ئوتتۇرا-باشلانغۇچ مەكتەپ ئوقۇتقۇچىلىرى",  # i18n: data
    "幼儿园教师": "يەسلى ئوقۇتقۇچىلىرى",  # i18n: data
    "高校教师": "ئالىي مەكتەپ ئوقۇتقۇچىلىرى",  # i18n: data
    "社会科学研究": "ئىجتىمائىي پەن تەتقىقاتى",  # i18n: data
    "出版系列": "نەشرىيات يۈرۈشى (出版系列)",  # i18n: data
    "卫生系列": "سەھىيە يۈرۈشى (卫生系列)",  # i18n: data
    "工程系列": "قۇرۇلۇش-تېخنىكا يۈرۈشى (工程系列)",  # i18n: data
}

TITLES_UG = {
    "三级教师": "3-دەرىجىلىك ئوقۇتقۇچى",  # i18n: data
    "二级教师": "2-دەرىجىلىك ئوقۇتقۇچى",  # i18n: data
    "一级教师": "1-دەرىجىلىك ئوقۇتقۇچى",  # i18n: data
    "高级教师": "ئالىي دەرىجىلىك ئوقۇتقۇچى (高级教师)",  # i18n: data
    "正高级教师": "تولۇق ئالىي دەرىجىلىك ئوقۇتقۇچى (正高级教师)",  # i18n: data
    "助教": "ياردەمچى ئوقۇتقۇچى (助教)",  # i18n: data
    "讲师": "لېكتور (讲师)",  # i18n: data
    "副教授": "دوتسېنت (副教授)",  # i18n: data
    "教授": "پروفېسسور (教授)",  # i18n: data
    "研究实习员": "تەتقىقات پراكتىكانتى (研究实习员)",  # i18n: data
    "助理研究员": "ياردەمچى تەتقىقاتچى (助理研究员)",  # i18n: data
    "副研究员": "مۇئاۋىن تەتقىقاتچى (副研究员)",  # i18n: data
    "研究员": "تەتقىقاتچى (研究员)",  # i18n: data
    "助理编辑": "ياردەمچى مۇھەررىر (助理编辑)",  # i18n: data
    "编辑": "مۇھەررىر (编辑)",  # i18n: data
    "副编审": "مۇئاۋىن باش مۇھەررىر (副编审)",  # i18n: data
    "编审": "باش مۇھەررىر (编审)",  # i18n: data
    "医师": "دوختۇر (医师)",  # i18n: data
    "主治医师": "داۋالاش مەسئۇل دوختۇرى (主治医师)",  # i18n: data
    "副主任医师": "مۇئاۋىن مۇدىر دوختۇر (副主任医师)",  # i18n: data
    "主任医师": "مۇدىر دوختۇر (主任医师)",  # i18n: data
    "助理工程师": "ياردەمچى ئىنژېنېر (助理工程师)",  # i18n: data
    "工程师": "ئىنژېنېر (工程师)",  # i18n: data
    "高级工程师": "ئالىي ئىنژېنېر (高级工程师)",  # i18n: data
    "正高级工程师": "تولۇق ئالىي ئىنژېنېر (正高级工程师)",  # i18n: data
}

SPECIALTIES_UG = {
    "语文": "تىل-ئەدەبىيات",  # i18n: data
    "数学": "ماتېماتىكا",  # i18n: data
    "英语": "ئىنگلىز تىلى",  # i18n: data
    "物理": "فىزىكا",  # i18n: data
    "化学": "خىمىيە",  # i18n: data
    "生物": "بىئولوگىيە",  # i18n: data
    "道德与法治（思想政治）": "ئەخلاق ۋە قانۇن (ئىدىيە-سىياسەت)",  # i18n: data
    "历史": "تارىخ",  # i18n: data
    "地理": "جۇغراپىيە",  # i18n: data
    "音乐": "مۇزىكا",  # i18n: data
    "体育与健康": "تەنتەربىيە ۋە سالامەتلىك",  # i18n: data
    "美术": "رەسىم-سەنئەت",  # i18n: data
    "信息技术": "ئۇچۇر تېخنىكىسى",  # i18n: data
    "科学": "پەن",  # i18n: data
    "心理健康教育": "پسىخىك ساغلاملىق تەربىيىسى",  # i18n: data
    "特殊教育": "ئالاھىدە مائارىپ",  # i18n: data
    "幼儿教育": "بالىلار مائارىپى",  # i18n: data
    "哲学": "پەلسەپە",  # i18n: data
    "经济学": "ئىقتىسادشۇناسلىق",  # i18n: data
    "法学": "قانۇنشۇناسلىق",  # i18n: data
    "教育学": "پېداگوگىكا",  # i18n: data
    "文学": "ئەدەبىيات",  # i18n: data
    "历史学": "تارىخشۇناسلىق",  # i18n: data
    "理学": "تەبىئىي پەنلەر",  # i18n: data
    "工学": "قۇرۇلۇش-تېخنىكا پەنلىرى",  # i18n: data
    "农学": "يېزا ئىگىلىك ئىلمى",  # i18n: data
    "医学": "تېبابەتچىلىك",  # i18n: data
    "管理学": "باشقۇرۇش ئىلمى",  # i18n: data
    "艺术学": "سەنئەتشۇناسلىق",  # i18n: data
    "社会学": "سوتسىيولوگىيە",  # i18n: data
    "民族学": "ئېتنولوگىيە",  # i18n: data
    "图书编辑": "كىتاب تەھرىرلىكى",  # i18n: data
    "期刊编辑": "ژۇرنال تەھرىرلىكى",  # i18n: data
    "音像电子出版": "ئۈن-سىن ۋە ئېلېكترونلۇق نەشرىيات",  # i18n: data
    "数字出版": "رەقەملىك نەشرىيات",  # i18n: data
    "内科学": "ئىچكى كېسەللىكلەر",  # i18n: data
    "外科学": "تاشقى كېسەللىكلەر",  # i18n: data
    "妇产科学": "ئاياللار ۋە تۇغۇت كېسەللىكلىرى",  # i18n: data
    "儿科学": "بالىلار كېسەللىكلىرى",  # i18n: data
    "全科医学": "ئومۇمىي تېبابەت",  # i18n: data
    "口腔医学": "ئېغىز بوشلۇقى تېبابىتى",  # i18n: data
    "医学影像学": "تېببىي سۈرەتلەش",  # i18n: data
    "中医内科学": "جۇڭيى ئىچكى كېسەللىكلەر (中医内科学)",  # i18n: data
    "维吾尔医内科学": "ئۇيغۇر تېبابىتى ئىچكى كېسەللىكلەر",  # i18n: data
    "公共卫生": "ئاممىۋى سەھىيە",  # i18n: data
    "建筑工程": "بىناكارلىق قۇرۇلۇشى",  # i18n: data
    "水利水电工程": "سۇ ئىنشائاتى ۋە سۇ ئېلېكتر قۇرۇلۇشى",  # i18n: data
    "电气工程": "ئېلېكتر قۇرۇلۇشى",  # i18n: data
    "机械工程": "ماشىنىسازلىق قۇرۇلۇشى",  # i18n: data
    "交通运输工程": "قاتناش-تىرانسپورت قۇرۇلۇشى",  # i18n: data
    "石油天然气工程": "نېفىت ۋە تەبىئىي گاز قۇرۇلۇشى",  # i18n: data
    "矿业工程": "كانچىلىق قۇرۇلۇشى",  # i18n: data
    "环境工程": "مۇھىت قۇرۇلۇشى",  # i18n: data
    "计算机与信息技术": "كومپيۇتېر ۋە ئۇچۇر تېخنىكىسى",  # i18n: data
}

SECTIONS_UG = {
    "基本信息": "ئاساسىي ئۇچۇر",  # i18n: data
    "学历学位情况": "ئوقۇش تارىخى ۋە ئۇنۋان ئەھۋالى",  # i18n: data
    "单位推荐意见": "ئورۇننىڭ تەۋسىيە پىكرى",  # i18n: data
    "(聘)任现职期间考核": "ھازىرقى ۋەزىپە مەزگىلىدىكى باھالاش (考核)",  # i18n: data
    "现专业技术资格": "ھازىرقى كەسپىي تېخنىكا سالاھىيىتى",  # i18n: data
    "其他附件或证明材料": "باشقا قوشۇمچە ھۆججەت ياكى ئىسپات ماتېرىياللىرى",  # i18n: data
    "继续教育": "داۋاملىق تەربىيە",  # i18n: data
    "工作经历": "خىزمەت تارىخى",  # i18n: data
    "突出贡献": "گەۋدىلىك تۆھپە",  # i18n: data
    "主要业绩成果": "ئاساسلىق خىزمەت نەتىجىلىرى",  # i18n: data
    "证明材料": "ئىسپات ماتېرىياللىرى",  # i18n: data
    "见习期情况": "پراكتىكا مەزگىلى ئەھۋالى",  # i18n: data
    "已取得的专业技术资格": "ئېرىشكەن كەسپىي تېخنىكا سالاھىيىتى",  # i18n: data
    "授予依据": "بېرىش ئاساسى",  # i18n: data
    "访惠聚驻村工作经历": "يېزىدا تۇرۇپ ئىشلەش تارىخى (访惠聚)",  # i18n: data
    "驻村工作实绩": "يېزىدا تۇرۇپ ئىشلەش نەتىجىسى",  # i18n: data
    "专业技术资格": "كەسپىي تېخنىكا سالاھىيىتى",  # i18n: data
    "获奖情况": "مۇكاپاتلىنىش ئەھۋالى",  # i18n: data
    "教师情况": "ئوقۇتقۇچى ئەھۋالى",  # i18n: data
    "教育教学能力": "مائارىپ-ئوقۇتۇش ئىقتىدارى",  # i18n: data
    "获得的知识产权": "ئېرىشكەن بىلىم مۈلۈك ھوقۇقى",  # i18n: data
    "支教交流经历": "ياردەم ئوقۇتۇش ۋە ئالماشتۇرۇش تارىخى",  # i18n: data
    "担任学术团体职务": "ئىلمىي تەشكىلاتلاردىكى ۋەزىپىسى",  # i18n: data
    "论文著作": "ماقالە ۋە ئەسەرلەر",  # i18n: data
    "教学工作情况": "ئوقۇتۇش خىزمىتى ئەھۋالى",  # i18n: data
    "科研项目": "ئىلمىي تەتقىقات تۈرلىرى",  # i18n: data
    "科研课题": "ئىلمىي تەتقىقات تېمىلىرى",  # i18n: data
    "决策咨询成果": "قارار مەسلىھەت نەتىجىلىرى",  # i18n: data
    "编辑出版业绩": "تەھرىرلەش-نەشر قىلىش نەتىجىلىرى",  # i18n: data
    "出版物获奖": "نەشر بۇيۇملىرىنىڭ مۇكاپاتلىنىشى",  # i18n: data
    "编辑出版研究论文": "تەھرىرلەش-نەشرىيات تەتقىقات ماقالىلىرى",  # i18n: data
    "执业资格与专业技术资格": "كەسپ بىلەن شۇغۇللىنىش سالاھىيىتى ۋە كەسپىي تېخنىكا سالاھىيىتى",  # i18n: data
    "临床工作量": "كلىنىكىلىق خىزمەت مىقدارى",  # i18n: data
    "代表作": "ۋەكىللىك ئەسەر",  # i18n: data
    "基层服务经历": "ئاساسىي قاتلامدا خىزمەت قىلىش تارىخى",  # i18n: data
    "工程项目业绩": "قۇرۇلۇش تۈرى نەتىجىلىرى",  # i18n: data
    "技术成果": "تېخنىكا نەتىجىلىرى",  # i18n: data
    "论文与技术报告": "ماقالە ۋە تېخنىكا دوكلاتلىرى",  # i18n: data
}

FIELDS_UG = {
    "学历": "ئوقۇش تارىخى",  # i18n: data
    "起始年月": "باشلانغان يىل-ئاي",  # i18n: data
    "结束年月": "ئاخىرلاشقان يىل-ئاي",  # i18n: data
    "拟申报专业": "ئىلتىماس قىلماقچى بولغان كەسپ",  # i18n: data
    "申请书编号": "ئىلتىماسنامە نومۇرى",  # i18n: data
    "身份证号": "كىملىك نومۇرى",  # i18n: data
    "姓名": "ئىسىم-فامىلە",  # i18n: data
    "性别": "جىنسى",  # i18n: data
    "民族": "مىللىتى",  # i18n: data
    "出生日期": "تۇغۇلغان ۋاقتى",  # i18n: data
    "政治面貌": "سىياسىي قىياپىتى",  # i18n: data
    "参加工作时间": "خىزمەتكە قاتناشقان ۋاقتى",  # i18n: data
    "基层工作单位": "ئاساسىي قاتلام خىزمەت ئورنى",  # i18n: data
    "所在部门": "تۇرۇشلۇق بۆلۈمى",  # i18n: data
    "单位性质": "ئورۇن خاراكتېرى",  # i18n: data
    "申请资格": "ئىلتىماس قىلىنغان سالاھىيەت",  # i18n: data
    "毕业年月": "پۈتتۈرگەن يىل-ئاي",  # i18n: data
    "毕业院校": "پۈتتۈرگەن مەكتەپ",  # i18n: data
    "所学专业": "ئۆگەنگەن كەسپى",  # i18n: data
    "学位": "ئىلمىي ئۇنۋانى",  # i18n: data
    "学习形式": "ئوقۇش شەكلى",  # i18n: data
    "单位推荐意见": "ئورۇننىڭ تەۋسىيە پىكرى",  # i18n: data
    "年度": "يىلى",  # i18n: data
    "资格名称": "سالاھىيەت نامى",  # i18n: data
    "取得时间": "ئېرىشكەن ۋاقتى",  # i18n: data
    "证书编号": "گۇۋاھنامە نومۇرى",  # i18n: data
    "聘任时间": "تەكلىپ قىلىنغان ۋاقتى",  # i18n: data
    "类别": "تۈرى",  # i18n: data
    "考核结果": "باھالاش نەتىجىسى",  # i18n: data
    "考核单位": "باھالىغان ئورۇن",  # i18n: data
    "级别": "دەرىجىسى",  # i18n: data
    "本人排名": "ئۆزىنىڭ رەت تەرتىپى",  # i18n: data
    "说明": "چۈشەندۈرۈش",  # i18n: data
    "成果名称": "نەتىجە نامى",  # i18n: data
    "取得年月": "ئېرىشكەن يىل-ئاي",  # i18n: data
    "公需科目学时": "ئورتاق دەرس سائىتى",  # i18n: data
    "专业科目学时": "كەسپىي دەرس سائىتى",  # i18n: data
    "主要学习内容": "ئاساسلىق ئۆگىنىش مەزمۇنى",  # i18n: data
    "工作单位": "خىزمەت ئورنى",  # i18n: data
    "职务或岗位": "ۋەزىپىسى ياكى خىزمەت ئورنى",  # i18n: data
    "情况说明": "ئەھۋال چۈشەندۈرۈشى",  # i18n: data
    "材料说明": "ماتېرىيال چۈشەندۈرۈشى",  # i18n: data
}

TABLES: list[tuple[type[Model], str, dict[str, str]]] = [
    (Series, "name", SERIES_UG),
    (Title, "name", TITLES_UG),
    (Specialty, "name", SPECIALTIES_UG),
    (TemplateSection, "title", SECTIONS_UG),
    (TemplateField, "label", FIELDS_UG),
]

LEVELS_UG = {
    1: "دەسلەپكى دەرىجىلىك (初级)",  # i18n: data
    2: "ئوتتۇرا دەرىجىلىك (中级)",  # i18n: data
    3: "مۇئاۋىن ئالىي دەرىجىلىك (副高)",  # i18n: data
    4: "ئالىي دەرىجىلىك (正高)",  # i18n: data
}
CONDITION_UG = "%(series)s %(level)s ۋەزىپە ئۆتەش سالاھىيىتى شەرتلىرى"  # i18n: data


# The template each of these rows belongs to: a name written there is a template edit.
TEMPLATE_OF: dict[type[Model], str] = {
    TemplateSection: "template_id",
    TemplateField: "section__template_id",
}


def fill_names(model: type[Model], column: str, names: dict[str, str], tally: Tally) -> None:
    """Write each Uyghur name beside its Chinese one where it differs (one UPDATE a name).

    Names written into a template's sections or fields bump the template's revision."""
    target = f"{column}_ug"
    manager = model._default_manager
    templates: set[int] = set()
    for chinese, uyghur in names.items():
        changed = manager.filter(**{column: chinese}).exclude(**{target: uyghur})
        if model in TEMPLATE_OF:
            templates.update(changed.values_list(TEMPLATE_OF[model], flat=True))
        count = changed.update(**{target: uyghur})
        if count:
            tally.note(model, "updated")
    bump_revision(*templates)


def load_uyghur_names(tally: Tally) -> None:
    for model, column, names in TABLES:
        fill_names(model, column, names, tally)
    # 任职资格条件 names: «series level (titles) 任职资格条件», built from the names above.
    for condition in QualificationCondition.objects.select_related("series"):
        series_ug = SERIES_UG.get(condition.series.name)
        if not series_ug:
            continue
        wanted = CONDITION_UG % {"series": series_ug, "level": LEVELS_UG.get(condition.level, "")}
        wanted = " ".join(wanted.split())
        if condition.title_ug != wanted:
            condition.title_ug = wanted
            condition.save(update_fields=["title_ug"])
            tally.note(QualificationCondition, "updated")
