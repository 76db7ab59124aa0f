"""会议结果导入 from Excel: every row checked first; all imported, or nothing at all."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from applications.models import Application
from conftest import make_png, upload
from results import actions, excel
from results.models import Meeting, MeetingResult
from results.tests.conftest import xlsx
from testing.pages import signed_in, text
from testing.results_world import receive, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(
    committee_staff: User, meeting: Meeting, passed_many: Callable[[int], list[Application]]
) -> list[MeetingResult]:
    """Three applications before the meeting, no results yet."""
    apps = passed_many(3)
    receive(committee_staff, *apps)
    return actions.add_to_meeting(committee_staff, meeting.pk, [a.pk for a in apps])


def numbers(results: list[MeetingResult]) -> list[str]:
    return [r.application.number or "" for r in results]


def post(client: Client, meeting: Meeting, content: bytes, name: str = "结果.xlsx") -> Any:
    url = reverse("results:meeting_import", args=[meeting.pk])
    return client.post(url, {"file": upload(name, content, excel.XLSX_CONTENT_TYPE)})


def outcomes() -> list[str]:
    return list(MeetingResult.objects.order_by("id").values_list("outcome", flat=True))


def good_rows(results: list[MeetingResult]) -> list[list[Any]]:
    a, b, c = numbers(results)
    return [
        [a, 9, 7, 1, 1, "通过"],
        [b, 9, 3, 5, 1, "不通过"],
        [c, "9", "６", 2.0, 1, " 通过 "],  # text digits, full-width, 2.0 and spaces are fine
    ]


def test_a_good_sheet_imports_every_row(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    response = post(signed_in(client, committee_staff), meeting, xlsx(good_rows(three)))
    assert response.status_code == 302
    assert outcomes() == ["passed", "failed", "passed"]
    last = MeetingResult.objects.get(pk=three[2].pk)
    assert (last.members_present, last.votes_for, last.votes_against, last.votes_abstain) == (
        9,
        6,
        2,
        1,
    )
    assert last.recorded_by == committee_staff and last.version == 2
    assert "已导入 3 条评审结果" in text(client.get(reverse("results:meeting", args=[meeting.pk])))


def test_blank_rows_are_skipped_and_missing_rows_left_alone(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    a = numbers(three)[0]
    content = xlsx([[None] * 6, [a, 9, 7, 1, 1, "通过"], ["", "", "", "", "", ""]])
    assert post(signed_in(client, committee_staff), meeting, content).status_code == 302
    assert outcomes() == ["passed", "pending", "pending"]


def refused(client: Client, meeting: Meeting, content: bytes) -> str:
    before = list(MeetingResult.objects.order_by("id").values_list("outcome", "version"))
    response = post(client, meeting, content)
    assert response.status_code == 400
    after = list(MeetingResult.objects.order_by("id").values_list("outcome", "version"))
    assert after == before  # nothing imported
    return text(response)


def test_a_duplicate_row_refuses_the_whole_sheet(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    rows = good_rows(three)
    rows.append(list(rows[0]))
    page = refused(signed_in(client, committee_staff), meeting, xlsx(rows))
    assert "表格中有 1 处错误，未导入任何结果" in page
    assert f"申请书编号 {numbers(three)[0]} 与第 2 行重复" in page
    assert "第 5 行" in page and "A（申请书编号）" in page


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (
            ["编号", "出席人数", "赞成", "反对", "弃权", "结果"],
            "表头应为“申请书编号”，实际为“编号”",
        ),
        (["申请书编号", "出席人数", "赞成", "弃权", "反对", "结果"], "表头应为“反对”"),
        (["申请书编号", "出席人数", "赞成", "反对", "弃权"], "缺少表头“结果”"),
        ([], "缺少表头“申请书编号”"),
    ],
)
def test_wrong_or_missing_headers_import_nothing(
    client: Client,
    committee_staff: User,
    meeting: Meeting,
    three: list[MeetingResult],
    header: list[str],
    words: str,
) -> None:
    page = refused(
        signed_in(client, committee_staff), meeting, xlsx(good_rows(three), header=header)
    )
    assert "表头与模板不一致，未导入任何结果" in page
    assert words in page and "第 1 行" in page


def test_every_row_error_is_reported_with_row_and_column(
    client: Client,
    committee_staff: User,
    meeting: Meeting,
    three: list[MeetingResult],
    passed_many: Callable[[int], list[Application]],
) -> None:
    a, b, c = numbers(three)
    (elsewhere,) = passed_many(1)  # the committee's, but not in this meeting
    rows: list[list[Any]] = [
        ["RSSQ99999999", 9, 7, 1, 1, "通过"],  # row 2: unknown number
        [elsewhere.number, 9, 7, 1, 1, "通过"],  # row 3: not in this meeting
        [a, "九", 7, 1, 1, "通过"],  # row 4: not an integer
        [b, 9, 7.5, 1, 1, "通过"],  # row 5: not a whole number
        [c, 9, 7, 2, 1, "通过"],  # row 6: sums too big (but c is fine otherwise)
        [None, 9, 7, 1, 1, "通过"],  # row 7: no number
        [b, 9, 7, 1, 1, "同意"],  # row 8: wrong result text (and a repeat of b)
        [c, 9, 5, 3, 1, "通过"],  # row 9: result the votes do not give (repeat of c)
        [a, 9, -1, 1, 1, "不通过"],  # row 10: negative
        [a, 9, True, 1, 1, "通过"],  # row 11: a boolean is not a count
        [a, 9, 7, 1, None, "通过"],  # row 12: empty count
    ]
    page = refused(signed_in(client, committee_staff), meeting, xlsx(rows))
    expected = [
        "第 2 行 A 列（申请书编号）：申请书编号 RSSQ99999999 不存在。",
        f"第 3 行 A 列（申请书编号）：申请书 {elsewhere.number} 不在本次会议中。",
        "第 4 行 B 列（出席人数）：应为整数，实际为“九”。",
        "第 5 行 C 列（赞成）：应为整数，实际为“7.5”。",
        "第 6 行 C–E 列（赞成、反对、弃权）：赞成、反对、弃权票数之和（10）超过了出席委员人数（9）。",
        "第 7 行 A 列（申请书编号）：申请书编号不能为空。",
        "第 8 行 F 列（结果）：应填“通过”或“不通过”，实际为“同意”。",
        "第 9 行 F 列（结果）：赞成票 5 票，未达到出席委员（9 人）的三分之二（至少 6 票），结果不能为“通过”。",
        "第 10 行 C 列（赞成）：不能为负数。",
        "第 11 行 C 列（赞成）：应为整数，实际为“True”。",
        "第 12 行 E 列（弃权）：不能为空。",
    ]
    for line in expected:
        row, rest = line.split(" 列（", 1)
        assert row.rsplit(" ", 1)[0] in page, line
        assert rest.split("：", 1)[1] in page, line
    # The same rows, straight to the judge.
    sheet_rows = [(n, tuple(cells)) for n, cells in enumerate(rows, start=2)]
    in_meeting = set(numbers(three))
    _parsed, errors = excel.judge_rows(
        sheet_rows, in_meeting=in_meeting, of_committee=in_meeting | {elsewhere.number or ""}
    )
    messages = [str(e) for e in errors]
    for line in expected:
        assert line in messages, line
    assert f"第 8 行 A 列（申请书编号）：申请书编号 {b} 与第 5 行重复。" in messages


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "空.xlsx", "文件是空的"),
        ("申请书编号,出席人数\nRSSQ1,9\n".encode(), "结果.xlsx", "不是有效的 Excel 工作簿"),
        (make_png(), "结果.xlsx", "不是有效的 Excel 工作簿"),
        (b"PK\x03\x04" + b"\x00" * 100, "坏.xlsx", "不是有效的 Excel 工作簿"),
    ],
)
def test_files_that_are_not_a_real_xlsx_are_refused_clearly(
    client: Client,
    committee_staff: User,
    meeting: Meeting,
    three: list[MeetingResult],
    content: bytes,
    name: str,
    words: str,
) -> None:
    page = refused(signed_in(client, committee_staff), meeting, content or b"")
    assert words in page


def test_a_zip_that_is_not_a_workbook_is_refused(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    page = refused(signed_in(client, committee_staff), meeting, out.getvalue())
    assert "不是有效的 Excel 工作簿" in page


def test_a_zip_bomb_is_refused(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (excel.MAX_UNPACKED_BYTES + 1))
    assert len(out.getvalue()) < excel.MAX_BYTES
    page = refused(signed_in(client, committee_staff), meeting, out.getvalue())
    assert "文件内容过大" in page


def test_more_than_2_mb_is_refused(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    page = refused(
        signed_in(client, committee_staff), meeting, b"PK\x03\x04" + b"0" * excel.MAX_BYTES
    )
    assert "文件不能超过 2MB" in page


def test_a_sheet_with_only_a_header_imports_nothing(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    page = refused(signed_in(client, committee_staff), meeting, xlsx([]))
    assert "表格中没有评审结果" in page


def test_nothing_is_imported_into_a_published_meeting(
    client: Client, committee_staff: User, publicity: Any, voted: MeetingResult
) -> None:
    content = xlsx([[voted.application.number, 9, 2, 6, 1, "不通过"]])
    page = refused(signed_in(client, committee_staff), voted.meeting, content)
    assert "评审结果已公示，不能再更改" in page


# --- the template -------------------------------------------------------------------------


def test_the_template_lists_the_meetings_numbers_and_round_trips(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    vote(committee_staff, three[0], "failed", 9, 2, 6, 1)
    response = signed_in(client, committee_staff).get(
        reverse("results:meeting_template", args=[meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (*excel.HEADERS, excel.CHECK_HEADER)
    assert sorted(r[0] for r in rows[1:]) == sorted(numbers(three))
    first = next(r for r in rows if r[0] == three[0].application.number)
    assert first[1:6] == (9, 2, 6, 1, "不通过") and first[6] == "申请人000"

    # Staff fill in the blanks and upload the same file.
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[5].value is None:
            for cell, value in zip(row[1:6], (11, 8, 2, 1, "通过"), strict=True):
                cell.value = value
    out = io.BytesIO()
    book.save(out)
    assert post(client, meeting, out.getvalue()).status_code == 302
    assert sorted(outcomes()) == ["failed", "passed", "passed"]


def test_a_name_that_looks_like_a_formula_stays_text() -> None:
    content = excel.template_bytes([("RSSQ00000001", '=HYPERLINK("http://x")', None)])
    book = load_workbook(io.BytesIO(content))
    cell = book.worksheets[0]["G2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_template_needs_a_meeting_of_ones_own_committee(
    client: Client, other_staff: User, meeting: Meeting
) -> None:
    response = signed_in(client, other_staff).get(
        reverse("results:meeting_template", args=[meeting.pk])
    )
    assert response.status_code == 404
