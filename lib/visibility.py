"""Who may see a resident ID number in full: the one decision pages, PDFs and exports ask.

The number is the holder's own: only the holder sees it whole (their own pages, their own
printouts, their own data export). Everyone else, staff included, sees 6501**********123X,
because nothing they do needs more than the first and last four characters to tell people
apart. No Django here: `viewer` and `holder` are anything with a primary key.
"""

from __future__ import annotations

from typing import Any

from lib.idcard import mask_id_number


def _pk(person: Any) -> Any:
    return getattr(person, "pk", None)


def may_see_full_id(viewer: Any, holder: Any) -> bool:
    """True only when the viewer is the holder (a signed-in account, not anonymous)."""
    viewer_pk, holder_pk = _pk(viewer), _pk(holder)
    return viewer_pk is not None and viewer_pk == holder_pk


def id_for(viewer: Any, holder: Any, number: str | None) -> str:
    """`number` as `viewer` may see it: whole for the holder, masked for anyone else."""
    if not number:
        return ""
    return number if may_see_full_id(viewer, holder) else mask_id_number(number)
