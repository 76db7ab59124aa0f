"""会议评审结果 as an Excel sheet: the template staff download and the sheet they upload.

Reading is split from judging: `read_sheet` turns an uploaded file into rows (or says why
the file is unusable), `judge_rows` checks every row against the meeting and the vote
rule and returns every error at once. Nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from lib.refusal import Refused
from results import rules

# The sheet's header row and result words are its exchange format: matched when a sheet is
# read back, so they stay as they are in every language.
HEADERS = ("申请书编号", "出席人数", "赞成", "反对", "弃权", "结果")  # i18n: data
CHECK_HEADER = "姓名（仅供核对，不导入）"  # i18n: data
RESULT_TEXT = {"通过": rules.PASSED, "不通过": rules.FAILED}  # i18n: data
OUTCOME_TEXT = {value: text for text, value in RESULT_TEXT.items()}
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# A 2 MB .xlsx that unpacks to more than this is a zip bomb, not a result sheet.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER = re.compile(r"^[+-]?\d+$")


def _unreadable(message: str) -> Refused:
    """The file as a whole cannot be read: refused beside the upload field."""
    return Refused(message, "file")


@dataclass(frozen=True)
class RowError:
    row: int  # the sheet's own row number, header = 1
    column: str  # "A", "B" … or "C–E"
    header: str
    message: str

    def __str__(self) -> str:
        return _("第 %(row)s 行 %(col)s 列（%(header)s）：%(message)s") % {
            "row": self.row,
            "col": self.column,
            "header": self.header,
            "message": self.message,
        }


@dataclass(frozen=True)
class ParsedRow:
    row: int
    number: str
    members_present: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    outcome: str


@dataclass(frozen=True)
class Sheet:
    rows: list[tuple[int, tuple[Any, ...]]]
    header_errors: list[RowError]


# --- reading ------------------------------------------------------------------------------


def _read_bytes(upload: IO[bytes]) -> bytes:
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _unreadable(_("文件不能超过 2MB。"))
    if not data:
        raise _unreadable(_("文件是空的，请重新选择。"))
    return data


NOT_XLSX = gettext_lazy(
    "文件不是有效的 Excel 工作簿（.xlsx）。请下载模板填写后上传；旧版 .xls 或 .csv 文件请先另存为 .xlsx。"
)


def _check_zip(data: bytes) -> None:
    """An .xlsx is a zip holding xl/workbook.xml, and must not unpack to something huge."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _unreadable(str(NOT_XLSX))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable(str(NOT_XLSX)) from None
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise _unreadable(str(NOT_XLSX))
    if len(infos) > 500 or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _unreadable(_("文件内容过大，请只保留评审结果一张表后重新上传。"))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def read_sheet(upload: IO[bytes]) -> Sheet:
    """The first worksheet's data rows (blank rows skipped) and any header problems."""
    data = _read_bytes(upload)
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (a damaged upload may fail anywhere inside the parser)
        raise _unreadable(str(NOT_XLSX)) from None
    try:
        if not workbook.worksheets:
            raise _unreadable(_("工作簿中没有工作表。"))
        rows_iter = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            header = next(rows_iter, None)
            rows: list[tuple[int, tuple[Any, ...]]] = []
            for number, values in enumerate(rows_iter, start=2):
                cells = tuple(values[: len(HEADERS)]) + (None,) * (len(HEADERS) - len(values))
                if all(cell_text(v) == "" for v in cells):
                    continue
                if len(rows) >= MAX_ROWS:
                    raise _unreadable(_("表格超过 %(n)s 行，请分批导入。") % {"n": MAX_ROWS})
                rows.append((number, cells))
        except Refused:
            raise
        except Exception:  # noqa: BLE001
            raise _unreadable(str(NOT_XLSX)) from None
    finally:
        workbook.close()
    if header is None:
        raise _unreadable(_("表格是空的：第 1 行应为表头（%(h)s）。") % {"h": "、".join(HEADERS)})
    return Sheet(rows, _header_errors(header))


def _header_errors(header: Sequence[Any]) -> list[RowError]:
    errors = []
    for i, expected in enumerate(HEADERS):
        found = cell_text(header[i]) if i < len(header) else ""
        if found == expected:
            continue
        if found:
            message = _("表头应为“%(e)s”，实际为“%(f)s”。") % {"e": expected, "f": found[:30]}
        else:
            message = _("缺少表头“%(e)s”。") % {"e": expected}
        errors.append(RowError(1, get_column_letter(i + 1), expected, message))
    return errors


# --- judging ------------------------------------------------------------------------------


def _integer(value: Any) -> int | None:
    """A whole number from a cell: 7, 7.0, "7" or "７"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = cell_text(value)
        return int(text) if INTEGER.match(text) and len(text) <= 6 else None
    return None


VOTE_COLUMNS = {
    "members_present": ("B", HEADERS[1]),
    "votes": ("C–E", "、".join(HEADERS[2:5])),
    "outcome": ("F", HEADERS[5]),
}


def judge_rows(
    rows: Iterable[tuple[int, tuple[Any, ...]]],
    *,
    in_meeting: set[str],
    of_committee: set[str],
    members: int | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row checked; the parsed rows are usable only when the error list is empty.

    `in_meeting` holds the numbers of this meeting's applications, `of_committee` every
    number the committee knows (to tell “not in this meeting” from “no such number”).
    """
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, cells in rows:
        row_errors: list[RowError] = []
        number = cell_text(cells[0]).upper()
        if not number:
            row_errors.append(RowError(row, "A", HEADERS[0], _("申请书编号不能为空。")))
        elif number in seen:
            row_errors.append(
                RowError(
                    row,
                    "A",
                    HEADERS[0],
                    _("申请书编号 %(n)s 与第 %(r)s 行重复。") % {"n": number, "r": seen[number]},
                )
            )
        elif number not in of_committee:
            row_errors.append(
                RowError(row, "A", HEADERS[0], _("申请书编号 %(n)s 不存在。") % {"n": number[:30]})
            )
        elif number not in in_meeting:
            row_errors.append(
                RowError(row, "A", HEADERS[0], _("申请书 %(n)s 不在本次会议中。") % {"n": number})
            )
        if number and number not in seen:
            seen[number] = row

        counts: list[int] = []
        for i in range(1, 5):
            letter, header = get_column_letter(i + 1), HEADERS[i]
            value = _integer(cells[i])
            if cell_text(cells[i]) == "":
                row_errors.append(RowError(row, letter, header, _("不能为空。")))
            elif value is None:
                row_errors.append(
                    RowError(
                        row,
                        letter,
                        header,
                        _("应为整数，实际为“%(v)s”。") % {"v": cell_text(cells[i])[:20]},
                    )
                )
            elif value < 0:
                row_errors.append(RowError(row, letter, header, _("不能为负数。")))
            else:
                counts.append(value)

        result_text = cell_text(cells[5])
        outcome = RESULT_TEXT.get(result_text, "")
        if not result_text:
            row_errors.append(RowError(row, "F", HEADERS[5], _("不能为空，应填“通过”或“不通过”。")))
        elif not outcome:
            row_errors.append(
                RowError(
                    row,
                    "F",
                    HEADERS[5],
                    _("应填“通过”或“不通过”，实际为“%(v)s”。") % {"v": result_text[:20]},
                )
            )

        if len(counts) == 4 and outcome:
            present, votes_for, against, abstain = counts
            for key, message in rules.vote_errors(
                present, votes_for, against, abstain, outcome, members
            ).items():
                letter, header = VOTE_COLUMNS[key]
                row_errors.append(RowError(row, letter, header, message))
            if not row_errors:
                parsed.append(ParsedRow(row, number, present, votes_for, against, abstain, outcome))
        errors.extend(row_errors)
    if not parsed and not errors:
        errors.append(RowError(2, "A", HEADERS[0], _("表格中没有评审结果。")))
    return parsed, errors


# --- the template -------------------------------------------------------------------------


def _safe_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def template_bytes(rows: Iterable[tuple[str, str, Any]]) -> bytes:
    """The sheet to fill: one line per application (number, name, result recorded so far).

    Every text cell is stored as text, so a name starting with “=” is never a formula.
    """
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("会议评审结果")
    sheet.append([*HEADERS, CHECK_HEADER])
    count = 0
    for number, name, result in rows:
        count += 1
        values: list[Any] = [number, None, None, None, None, None, name]
        if result is not None and result.outcome != "pending":
            values[1:6] = [
                result.members_present,
                result.votes_for,
                result.votes_against,
                result.votes_abstain,
                OUTCOME_TEXT.get(result.outcome, ""),
            ]
        sheet.append(values)
        for column in (1, 6, 7):
            cell = sheet.cell(row=count + 1, column=column)
            if isinstance(cell.value, str):
                cell.value = _safe_text(cell.value)
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (18, 10, 8, 8, 8, 10, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    choice = DataValidation(
        type="list",
        formula1=f'"{",".join(RESULT_TEXT)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=HEADERS[5],
        error=_("请选择“通过”或“不通过”。"),
    )
    sheet.add_data_validation(choice)
    choice.add(f"F2:F{max(count + 1, 2) + 200}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
