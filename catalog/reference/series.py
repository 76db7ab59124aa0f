"""系列, 资格名称 and 专业 of the catalogue.

Each entry: the series' code (its natural key), name, group (大类), the titles as
(level, name) from the lowest level up, and the specialties in display order.
"""

from __future__ import annotations

from typing import Any

from catalog.models import Level

JR, MID, ASC, SR = Level.JUNIOR, Level.INTERMEDIATE, Level.ASSOCIATE_SENIOR, Level.SENIOR

SERIES: list[dict[str, Any]] = [
    {
        "code": "zxxjs",
        "name": "中小学教师",
        "group": "教师系列",
        "titles": [
            (JR, "三级教师"),
            (JR, "二级教师"),
            (MID, "一级教师"),
            (ASC, "高级教师"),
            (SR, "正高级教师"),
        ],
        "specialties": [
            "语文",
            "数学",
            "英语",
            "物理",
            "化学",
            "生物",
            "道德与法治（思想政治）",
            "历史",
            "地理",
            "音乐",
            "体育与健康",
            "美术",
            "信息技术",
            "科学",
            "心理健康教育",
            "特殊教育",
        ],
    },
    {
        "code": "yeyjs",
        "name": "幼儿园教师",
        "group": "教师系列",
        "titles": [
            (JR, "三级教师"),
            (JR, "二级教师"),
            (MID, "一级教师"),
            (ASC, "高级教师"),
            (SR, "正高级教师"),
        ],
        "specialties": ["幼儿教育"],
    },
    {
        "code": "gxjs",
        "name": "高校教师",
        "group": "高等学校教师系列",
        "titles": [(JR, "助教"), (MID, "讲师"), (ASC, "副教授"), (SR, "教授")],
        "specialties": [
            "哲学",
            "经济学",
            "法学",
            "教育学",
            "文学",
            "历史学",
            "理学",
            "工学",
            "农学",
            "医学",
            "管理学",
            "艺术学",
        ],
    },
    {
        "code": "sky",
        "name": "社会科学研究",
        "group": "社会科学研究系列",
        "titles": [(JR, "研究实习员"), (MID, "助理研究员"), (ASC, "副研究员"), (SR, "研究员")],
        "specialties": [
            "经济学",
            "法学",
            "社会学",
            "民族学",
            "历史学",
            "哲学",
            "文学",
            "管理学",
        ],
    },
    {
        "code": "cb",
        "name": "出版系列",
        "group": "出版系列",
        "titles": [(JR, "助理编辑"), (MID, "编辑"), (ASC, "副编审"), (SR, "编审")],
        "specialties": ["图书编辑", "期刊编辑", "音像电子出版", "数字出版"],
    },
    {
        "code": "ws",
        "name": "卫生系列",
        "group": "卫生系列",
        "titles": [(JR, "医师"), (MID, "主治医师"), (ASC, "副主任医师"), (SR, "主任医师")],
        "specialties": [
            "内科学",
            "外科学",
            "妇产科学",
            "儿科学",
            "全科医学",
            "口腔医学",
            "医学影像学",
            "中医内科学",
            "维吾尔医内科学",
            "公共卫生",
        ],
    },
    {
        "code": "gc",
        "name": "工程系列",
        "group": "工程系列",
        "titles": [
            (JR, "助理工程师"),
            (MID, "工程师"),
            (ASC, "高级工程师"),
            (SR, "正高级工程师"),
        ],
        "specialties": [
            "建筑工程",
            "水利水电工程",
            "电气工程",
            "机械工程",
            "交通运输工程",
            "石油天然气工程",
            "矿业工程",
            "环境工程",
            "计算机与信息技术",
        ],
    },
]
