"""The random draw of a panel, as a pure function of the pool, the rules and a seed.

`random.Random(seed)` over the pool sorted by id: the same inputs always give the same panel,
so the recorded seed and pool let anyone re-run a draw and check it (ADR 0034). A replacement
is drawn with the seed and the number of the replacement, so it is reproducible too.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """An expert as the draw sees them: id and specialty id."""

    id: int
    specialty_id: int


class NotEnough(ValueError):
    """The pool cannot satisfy the size or a composition rule; `specialty_id` says which."""

    def __init__(self, specialty_id: int | None, wanted: int, available: int) -> None:
        super().__init__(f"{specialty_id}: {wanted} > {available}")
        self.specialty_id = specialty_id
        self.wanted = wanted
        self.available = available


def draw(pool: Sequence[Candidate], rules: Mapping[int, int], size: int, seed: str) -> list[int]:
    """`size` expert ids: at least `rules[s]` of specialty `s`, the rest from anyone left.

    Raises `NotEnough` when the pool is too small for a rule or for the size.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible by design; the seed is from secrets
    ordered = sorted(pool, key=lambda c: c.id)
    chosen: list[int] = []
    for specialty_id in sorted(rules):
        wanted = rules[specialty_id]
        of_specialty = [c.id for c in ordered if c.specialty_id == specialty_id]
        if wanted > len(of_specialty):
            raise NotEnough(specialty_id, wanted, len(of_specialty))
        chosen.extend(rng.sample(of_specialty, wanted))
    if len(chosen) > size:
        raise NotEnough(None, len(chosen), size)
    rest = [c.id for c in ordered if c.id not in set(chosen)]
    if size - len(chosen) > len(rest):
        raise NotEnough(None, size, len(chosen) + len(rest))
    chosen.extend(rng.sample(rest, size - len(chosen)))
    return chosen


def replacement(
    pool: Sequence[Candidate], taken: set[int], specialty_id: int, seed: str, number: int
) -> int | None:
    """One expert not yet `taken`: of the same specialty when possible, else anyone; or None."""
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible by design
    free = [c for c in sorted(pool, key=lambda c: c.id) if c.id not in taken]
    same = [c.id for c in free if c.specialty_id == specialty_id]
    if same:
        return rng.choice(same)
    return rng.choice([c.id for c in free]) if free else None
