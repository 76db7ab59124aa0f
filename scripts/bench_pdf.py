#!/usr/bin/env python
"""Milliseconds per 评审表 (review form PDF) on this machine.

    .venv/bin/python scripts/bench_pdf.py            # 20 forms
    BENCH_FORMS=50 .venv/bin/python scripts/bench_pdf.py

It builds a scratch SQLite database (migrate, load_reference_data, load_demo_data) at
/tmp/bench_pdf.sqlite3 unless DATABASE_URL names another scratch database, then renders
the demo application that passed formal review as the official form, alternately for
its applicant and for the committee's staff, and prints the median, mean and worst time
per form (the whole build: database reads, layout, fitting to two pages, PDF with
embedded fonts). The first form warms caches (fonts, stylesheets) and is reported apart.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "/tmp/bench_pdf.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
os.environ.setdefault("ALLOW_INSECURE_SECRET", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
FORMS = int(os.environ.get("BENCH_FORMS", "20"))


def main() -> None:
    import django

    if os.environ["DATABASE_URL"] == f"sqlite:///{SCRATCH}":
        for suffix in ("", "-wal", "-shm"):
            Path(SCRATCH + suffix).unlink(missing_ok=True)
    django.setup()

    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=quiet)
    call_command("load_demo_data", verbosity=0, stdout=quiet)

    from accounts.models import Role, User
    from applications.models import Application, Status
    from documents import printing

    app = (
        Application.objects.select_related(
            "applicant", "unit", "committee", "committee__region", "series", "title", "specialty"
        )
        .filter(status=Status.PASSED)
        .first()
    )
    if app is None:
        sys.exit("the demo data has no application that passed formal review")
    staff = User.objects.filter(role=Role.COMMITTEE_STAFF, committee_id=app.committee_id).first()
    printers = [app.applicant, staff or app.applicant]

    start = time.perf_counter()
    first = printing.review_form(app, printers[0], official=True, serial="DY00000000")
    warm_ms = (time.perf_counter() - start) * 1000
    times, pages = [], set()
    for i in range(FORMS):
        start = time.perf_counter()
        rendered = printing.review_form(
            app, printers[i % 2], official=True, serial=f"DY{i + 1:08d}"
        )
        times.append((time.perf_counter() - start) * 1000)
        pages.add(rendered.pages)
    print(
        f"评审表 {app.number} ({app.qualification_label}), {len(first.pdf) // 1024} KB, pages {sorted(pages)}"
    )
    print(f"first form (cold): {warm_ms:.0f} ms")
    print(
        f"{FORMS} forms: median {statistics.median(times):.0f} ms, "
        f"mean {statistics.mean(times):.0f} ms, worst {max(times):.0f} ms per 评审表"
    )


if __name__ == "__main__":
    main()
