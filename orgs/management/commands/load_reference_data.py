from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from catalog.models import FormTemplate, Series
from orgs.models import Department, Region, ReviewCommittee
from orgs.reference.loader import load_reference_data


class Command(BaseCommand):
    help = (
        "载入或更新参考数据：行政区域、职称目录、申请书模板、审核部门和评审委员会（可重复执行）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tally = load_reference_data()
        if options["verbosity"] > 1:
            for line in tally.lines():
                self.stdout.write(line)
        for warning in tally.warnings:
            self.stderr.write(self.style.WARNING(warning))
        counties = Region.objects.filter(level=Region.Level.COUNTY).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"参考数据已载入：新增或更新 {tally.changed} 行。"
                f"现有登录入口 {Region.objects.filter(is_entry=True).count()} 个、"
                f"县(市、区) {counties} 个、系列 {Series.objects.count()} 个、"
                f"申请书模板 {FormTemplate.objects.count()} 个、"
                f"审核部门 {Department.objects.count()} 个、"
                f"评审委员会 {ReviewCommittee.objects.count()} 个。"
            )
        )
