"""The named people and places of the tests: one password, valid ID numbers, users and units
made straight in the database (the registration pages have their own tests)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from accounts.models import User
from orgs.models import BaseUnit, Region

PASSWORD = "Passw0rd!"  # noqa: S105 - the throw-away password of every test user
# Valid resident ID numbers (checksums correct), regions 650102 (天山区) and 653121 (疏附县).
APPLICANT_ID = "650102199001011239"
OUTSIDER_ID = "653121198505054416"


def make_user(username: str, role: str, **fields: Any) -> User:
    return User.objects.create(
        username=username,
        role=role,
        password=make_password(PASSWORD, hasher="md5"),  # fast; a sign-in upgrades it
        email=f"{username}@example.cn",
        **fields,
    )


def make_unit(region: Region, name: str, uscc: str, *, complete: bool = True) -> BaseUnit:
    unit = BaseUnit(
        name=name,
        uscc=uscc,
        region=region,
        nature="prefecture",
        contact_name="王联系",
        contact_mobile="13900000000",
    )
    unit.licence_scan.name = "licences/test.png"
    if complete:
        unit.address = "乌鲁木齐市天山区人民路1号"
        unit.legal_representative = "李法人"
        unit.phone = "0991-1234567"
        unit.hr_person = "张负责"
        unit.hr_mobile = "13900000001"
    unit.save()
    return unit
