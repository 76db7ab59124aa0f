from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.demo import format_logins, load_demo_data


class Command(BaseCommand):
    help = "载入演示数据：基层工作单位、开放中的申报时间和每个角色一个演示账号（可重复执行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（仅供演示，请勿用于生产环境）：")
        )
        self.stdout.write(format_logins(logins))
