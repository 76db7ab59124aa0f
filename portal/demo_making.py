"""Made-up but well-formed demo values: USCCs and ID numbers with correct check digits, and
small PNG stand-ins for scans. Shared by the demo loaders (`portal.demo`,
`portal.demo_applications`)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from stdnum.cn import ric, uscc


def make_uscc(region_code: str, serial: int) -> str:
    """A well-formed 统一社会信用代码: 12 (public institution), region, 9-char body, check digit."""
    body = f"12{region_code}{serial:08d}X"
    return body + uscc.calc_check_digit(body)


def make_id_number(region_code: str, birth: str, sequence: str) -> str:
    """A resident ID number with a correct check digit (GB 11643)."""
    body = f"{region_code}{birth}{sequence}"
    # stdnum's calc_check_digit expects a placeholder where the check digit goes.
    return body + ric.calc_check_digit(body + "0")


def demo_png(title: str, lines: list[str], colour: tuple[int, int, int]) -> bytes:
    """A small but real PNG standing in for a scan (ASCII only: no CJK font is assumed)."""
    image = Image.new("RGB", (480, 300), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 471, 291), outline=colour, width=4)
    draw.rectangle((8, 8, 471, 52), fill=colour)
    draw.text((22, 22), title, fill=(255, 255, 255))
    for row, line in enumerate(lines):
        draw.text((22, 74 + row * 24), line, fill=(40, 40, 40))
    draw.text((22, 262), "DEMO ONLY - NOT A REAL DOCUMENT", fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
