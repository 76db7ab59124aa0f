"""资格预审规则 seeded for the teacher series (中小学教师), following the text of its
任职资格条件 (conditions.py). Created once; then maintained by the 自治区 hr_admin in
系统设置 (the loader never overwrites a rule, see ADR 0003).

What the text allows as alternatives (a master's degree shortens the years, a doctorate
needs none) cannot be one number: the rule keeps the general case, and `note` tells the
unit to check the alternatives by hand.
"""

from __future__ import annotations

from catalog.actions import RuleData
from catalog.models import Education, Level, YearsBasis
from catalog.reference.templates_common import YEAR

HOURS_PER_YEAR = 90  # 基本条件（三）：每年累计不少于 90 学时

RULES: dict[str, dict[int, RuleData]] = {
    "zxxjs": {
        Level.JUNIOR: RuleData(
            min_education=Education.VOCATIONAL,
            years_basis=YearsBasis.WORK,
            min_years=1,
            hours_per_year=HOURS_PER_YEAR,
            hours_years=1,
            note="见习一年期满并考核合格；大学专科学历申报二级教师须从事教育教学工作满三年，请单位核实。",
        ),
        Level.INTERMEDIATE: RuleData(
            min_education=Education.ASSOCIATE,
            years_basis=YearsBasis.TITLE,
            min_years=4,
            hours_per_year=HOURS_PER_YEAR,
            hours_years=3,
            note="具有硕士学位的取得二级教师职称后满两年、具有博士学位的不受年限限制，请单位核实。",
        ),
        Level.ASSOCIATE_SENIOR: RuleData(
            min_education=Education.BACHELOR,
            years_basis=YearsBasis.TITLE,
            min_years=5,
            hours_per_year=HOURS_PER_YEAR,
            hours_years=3,
            required_slots=("teaching.lesson_proof", "teaching.research_proof"),
            southern_min_education=Education.ASSOCIATE,
            note="在南疆四地州及县以下农村学校任教的，可具有大学专科学历。",
        ),
        Level.SENIOR: RuleData(
            min_education=Education.BACHELOR,
            years_basis=YearsBasis.TITLE,
            min_years=5,
            hours_per_year=HOURS_PER_YEAR,
            hours_years=3,
            required_slots=("teaching.research_proof", "teaching.teaching_awards"),
        ),
    },
}
RULE_YEAR = YEAR
