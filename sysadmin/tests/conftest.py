"""Fixtures for 系统设置: the application world of applications/tests plus a prefecture admin."""

from __future__ import annotations

import pytest

from accounts.models import Role, User
from applications.tests.conftest import (  # noqa: F401  (fixtures re-used here)
    chain_world,
    draft,
    filled,
    specialty,
    submitted,
    template,
    title,
)
from conftest import make_user
from orgs.models import Region


@pytest.fixture
def kashgar_hr(regions: dict[str, Region]) -> User:
    """An hr_admin of 喀什地区: may edit only 喀什's committees, departments and windows."""
    return make_user(
        "kashgar_hr", Role.HR_ADMIN, real_name="喀什人社管理员", admin_region=regions["kashgar"]
    )
