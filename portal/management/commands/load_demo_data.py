from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import User
from portal.demo import USERS, format_logins, load_demo_data
from portal.demo_two_factor import enrol_demo_staff, format_second_factor


class Command(BaseCommand):
    help = "载入演示数据：基层工作单位、开放中的申报时间和每个角色一个演示账号（可重复执行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（仅供演示，请勿用于生产环境）：")
        )
        self.stdout.write(format_logins(logins))
        if settings.DEBUG:
            # A published second factor for the demo staff accounts, in development only.
            names = [u["username"] for u in USERS]
            staff = sorted(
                User.objects.filter(username__in=names), key=lambda u: names.index(u.username)
            )
            self.stdout.write(format_second_factor(enrol_demo_staff(staff)))
