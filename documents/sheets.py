"""What the printed forms show: an application's sections, cut down to fit their paper.

Nothing here renders. A section becomes a `Block` (short values in a grid, long texts
full width, repeatable sections as a table) abbreviated to a `Budget`; `Block.height`
estimates the paper it takes (calibrated against WeasyPrint's layout of
templates/documents/_print.css), and `shrink` tightens the budgets of the biggest
sections until the whole fits the room a form has.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from applications.display import SectionView
from catalog.models import TemplateField


@dataclass(frozen=True)
class Budget:
    """How much of each section fits: table rows, and widths in CJK characters."""

    rows: int  # rows of a repeatable section
    text: int  # one long text (a textarea answer)
    cell: int  # one table cell


# From generous to bare: the form uses the first that fits its pages. The last keeps
# only each section's title and where to find it.
LEVELS: tuple[Budget, ...] = (
    Budget(rows=20, text=1200, cell=60),
    Budget(rows=12, text=640, cell=44),
    Budget(rows=8, text=400, cell=32),
    Budget(rows=6, text=260, cell=26),
    Budget(rows=4, text=170, cell=20),
    Budget(rows=3, text=110, cell=16),
    Budget(rows=2, text=64, cell=12),
    Budget(rows=1, text=32, cell=10),
    Budget(rows=0, text=0, cell=8),
)

ELLIPSIS = "…"


def width(text: str) -> float:
    """Printed width in CJK characters: Latin letters and digits take about half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in text)


def clip(text: str, limit: float) -> tuple[str, bool]:
    """The text cut to `limit` characters of width (an ellipsis marks the cut)."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if width(text) <= limit:
        return text, False
    if limit <= 1:
        return ELLIPSIS, True
    out, used = [], 0.0
    for ch in text:
        w = 1.0 if ord(ch) >= 0x2E80 else 0.55
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS, True


def lines(text: str, per_line: float) -> int:
    """Lines a text wraps to in a column `per_line` characters wide (at least one)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(width(part) / per_line)) for part in text.split("\n"))


# Paper geometry in millimetres (see templates/documents/_print.css).
CONTENT_WIDTH = 186.0
CHAR_MM = 3.0  # one CJK character at 8.5pt
LABEL_CHAR_MM = 2.65  # at 7.5pt (labels and table headings)
LINE_MM = 3.95  # one line of 8.5pt text
CELL_PAD_MM = 1.2  # padding and rule of one table row
TITLE_MM = 5.6  # a section's title bar
NOTE_MM = 3.6  # the "见申请书" note under a block
GAP_MM = 1.8  # space between blocks
LABEL_MM = 26.0  # the label column of the grid and the text rows
NUMBER_MM = 9.0  # the 序号 column of a table
PAIR_VALUE_MM = (CONTENT_WIDTH - 2 * LABEL_MM) / 2
TEXT_VALUE_MM = CONTENT_WIDTH - LABEL_MM


def _per_line(mm: float, char_mm: float = CHAR_MM) -> float:
    return max(1.0, (mm - 2.4) / char_mm)


@dataclass
class Block:
    """One section as printed."""

    number: int
    title: str
    key: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    repeatable: bool = False
    total_rows: int = 0
    files: int = 0
    cut: bool = False
    bare: bool = False  # nothing shown but the title and where to find it
    long_fields: int = 0  # textarea fields of the section (shown or not)

    @property
    def more_rows(self) -> int:
        return self.total_rows - len(self.rows)

    @property
    def pair_rows(self) -> list[tuple[tuple[str, str], tuple[str, str] | None]]:
        """The short values two per grid row."""
        out: list[tuple[tuple[str, str], tuple[str, str] | None]] = []
        for i in range(0, len(self.pairs), 2):
            second = self.pairs[i + 1] if i + 1 < len(self.pairs) else None
            out.append((self.pairs[i], second))
        return out

    @property
    def note(self) -> str:
        """Where the full content is, when the sheet shows less than the application."""
        where = _("完整内容见申请书第 %(n)s 栏“%(title)s”") % {
            "n": self.number,
            "title": self.title,
        }
        if self.bare:
            return _("本栏篇幅所限未列出，%(where)s。") % {"where": where}
        parts = []
        if self.cut:
            parts.append(_("内容较长已节选"))
        if self.more_rows > 0:
            parts.append(_("另有 %(n)s 条未列出") % {"n": self.more_rows})
        if not parts:
            return ""
        return _("%(parts)s，%(where)s。") % {"parts": "，".join(parts), "where": where}

    @property
    def weight(self) -> float:
        """How much of the paper this section deserves: facts most, then narrative."""
        if self.number == 1:
            return 4.0
        return 1.0 if not self.long_fields else 0.5 + self.long_fields

    def height(self) -> float:
        """Estimated height on paper, in millimetres."""
        h = TITLE_MM + GAP_MM
        if self.bare:
            return h + NOTE_MM
        label_chars = _per_line(LABEL_MM, LABEL_CHAR_MM)
        for first, second in self.pair_rows:
            cells = [first, second] if second else [first]
            n = max(
                max(lines(label, label_chars), lines(value, _per_line(PAIR_VALUE_MM)))
                for label, value in cells
            )
            h += n * LINE_MM + CELL_PAD_MM
        for label, value in self.texts:
            n = max(lines(label, label_chars), lines(value, _per_line(TEXT_VALUE_MM)))
            h += n * LINE_MM + CELL_PAD_MM
        if self.repeatable:
            column = (CONTENT_WIDTH - NUMBER_MM) / max(1, len(self.headers))
            per = _per_line(column)
            heads = _per_line(column, LABEL_CHAR_MM)
            h += max(lines(x, heads) for x in self.headers or [""]) * LINE_MM + CELL_PAD_MM
            for row in self.rows or [[_("无")]]:
                h += max(lines(x, per) for x in row) * LINE_MM + CELL_PAD_MM
        if self.note:
            h += NOTE_MM
        return h


LONG_TYPES = (TemplateField.Type.TEXTAREA,)
PAIR_MIN = 30  # a short value keeps at least this much


def block_for(view: SectionView, budget: Budget) -> Block:
    """The section abbreviated to the budget."""
    section = view.section
    block = Block(
        number=section.position,
        title=section.title,
        key=section.key,
        repeatable=section.repeatable,
        files=len(view.files),
    )
    if section.repeatable:
        block.headers = list(view.headers)
        block.total_rows = len(view.rows)
        for row in view.rows[: budget.rows]:
            cells = []
            for cell in row:
                text, cut = clip(cell.value, budget.cell)
                block.cut |= cut
                cells.append(text)
            block.rows.append(cells)
        if budget.rows == 0 and view.rows:
            block.bare = True
        return block
    for spec, fv in zip(section.fields.all(), view.fields, strict=True):
        if spec.type in LONG_TYPES:
            block.long_fields += 1
            if budget.text == 0 and fv.value:
                block.cut = True
                continue
            text, cut = clip(fv.value, budget.text)
            block.texts.append((fv.label, text))
        else:
            # Facts (name, dates, choices) are short; a long one is clipped, never dropped.
            text, cut = clip(fv.value, max(budget.cell, PAIR_MIN))
            block.pairs.append((fv.label, text))
        block.cut |= cut
    if block.cut and not block.pairs and not block.texts:
        block.bare = True
    return block


def shrink(views: Sequence[SectionView], available: float) -> list[Block]:
    """The sections as blocks that together fit `available` millimetres, if they can.

    Every block starts at the most generous budget; while the total is too high, the
    tallest block that can still get shorter moves to its next shorter budget. Big
    tables and long texts are cut first; short sections keep everything they say.
    """
    made: dict[tuple[int, int], tuple[Block, float]] = {}

    def at(i: int, level: int) -> tuple[Block, float]:
        if (i, level) not in made:
            block = block_for(views[i], LEVELS[level])
            made[i, level] = (block, block.height())
        return made[i, level]

    levels = [0] * len(views)
    while sum(at(i, lv)[1] for i, lv in enumerate(levels)) > available:
        best: tuple[float, int, int] | None = None  # claim, block, its next level
        for i, level in enumerate(levels):
            block, now = at(i, level)
            shorter = next((lv for lv in range(level + 1, len(LEVELS)) if at(i, lv)[1] < now), None)
            if shorter is None:
                continue
            # Taller (for its weight) goes first; leaving only a title is the last resort.
            claim = now / block.weight * (0.25 if at(i, shorter)[0].bare else 1.0)
            if best is None or claim > best[0]:
                best = (claim, i, shorter)
        if best is None:
            break
        levels[best[1]] = best[2]
    return [at(i, lv)[0] for i, lv in enumerate(levels)]


def total_height(blocks: Sequence[Block]) -> float:
    return sum(b.height() for b in blocks)
