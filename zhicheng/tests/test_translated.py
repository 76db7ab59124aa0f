"""Every user-facing text goes through Django's translation functions (issue 10 point 6).

Runs `zhicheng.tests.untranslated` over the whole project; on failure it lists each offending
line and how many each area has. The rule and what is exempt: that module's docstring and
docs/adr/0031-kernel-translation-and-import-layers.md.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from zhicheng.tests import untranslated


def test_every_user_facing_text_is_translatable():
    found = untranslated.offences([untranslated.ROOT])
    per_area = Counter(line.split("/", 1)[0].split(":", 1)[0] for line in found)
    assert not found, (
        f"{len(found)} untranslated texts ("
        + ", ".join(f"{area} {n}" for area, n in sorted(per_area.items()))
        + "):\n"
        + "\n".join(found)
    )


def test_the_checker_sees_each_kind_of_offence(tmp_path, monkeypatch):
    monkeypatch.setattr(untranslated, "ROOT", tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        "from django.utils.translation import gettext as _\n"
        'A = _("已保存。")\n'
        'B = "未翻译。"\n'
        'C = f"共 {A} 条"\n'
        'D = "数据"  # i18n: data\n',
        encoding="utf-8",
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "好" %}</p><p>不好</p>{# 注释 #}\n', encoding="utf-8"
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.js").write_text(
        'a = gettext("好");\nb = "不好";\n// 注释\n', encoding="utf-8"
    )
    found = untranslated.offences([Path(tmp_path)])
    assert [line.split(": ", 1)[0] for line in found] == [
        "app/views.py:3",
        "app/views.py:4",
        "static/site.js:2",
        "templates/page.html:1",
    ]
    assert "f-string: 共  条" in found[1] and "不好" in found[3] and "好</p><p>" not in found[3]
