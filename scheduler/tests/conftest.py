"""The scheduled jobs reuse the application and results worlds."""

from __future__ import annotations

from applications.tests.conftest import (  # noqa: F401  (fixtures)
    at_committee,
    at_department,
    chain_world,
    draft,
    filled,
    specialty,
    submitted,
    template,
    title,
)
from results.tests.conftest import clock, meeting, passed, publicity, ready, voted  # noqa: F401
