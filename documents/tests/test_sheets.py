"""How sections are cut down to fit their paper (no rendering)."""

from __future__ import annotations

import pytest

from applications.display import sections_view
from applications.models import Application
from documents.pdf import no_fetch
from documents.sheets import LEVELS, clip, shrink, total_height, width


def test_width_counts_latin_as_half() -> None:
    assert width("教师") == 2
    assert width("ab") == pytest.approx(1.1)


def test_clip_marks_the_cut_and_keeps_short_text() -> None:
    assert clip("新疆大学", 10) == ("新疆大学", False)
    text, cut = clip("新疆维吾尔自治区乌鲁木齐市第一中学", 8)
    assert cut and text.endswith("…") and width(text) <= 8
    assert clip("  多余   空格  ", 20) == ("多余 空格", False)


@pytest.mark.django_db
def test_shrink_fits_the_room_and_cuts_the_biggest_sections_first(
    teacher_draft: Application,
) -> None:
    views = [
        v for v in sections_view(teacher_draft, id_for_viewer="") if not v.section.filled_by_unit
    ]
    generous = shrink(views, 10_000)
    assert not any(b.cut or b.bare for b in generous[:2])
    blocks = shrink(views, 360)
    assert total_height(blocks) <= 360
    basic = blocks[0]
    assert not basic.bare and len(basic.pairs) == 17  # facts are never dropped
    teaching = next(b for b in blocks if b.key == "teaching")
    assert teaching.texts and teaching.cut and "完整内容见申请书第 7 栏" in teaching.note
    assessment = next(b for b in blocks if b.key == "assessment")
    assert assessment.total_rows == 20 and assessment.more_rows > 0
    # With no room at all, every section still says where its content is.
    bare = shrink(views, 0)
    assert all(b.note for b in bare[2:])
    assert len(LEVELS) > 5


def test_nothing_is_fetched_while_rendering() -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        no_fetch().fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="disallowed protocol"):
        no_fetch().fetch("http://127.0.0.1/")
