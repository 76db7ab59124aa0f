#!/usr/bin/env python
"""Milliseconds per 评审表 (review form PDF) and per 职称电子证书 on this machine.

    .venv/bin/python scripts/bench_pdf.py            # 20 forms, 100 certificates
    BENCH_FORMS=50 BENCH_CERTIFICATES=500 .venv/bin/python scripts/bench_pdf.py
    BENCH_PNG_DIR=/tmp/cert .venv/bin/python scripts/bench_pdf.py   # and both drawings as PNG

Certificates: one made in memory (no database row) is drawn both ways — laid out whole by
WeasyPrint, and stamped on the background laid out once (certificates/drawing.py) — and
each is timed over BENCH_CERTIFICATES holders (different names, numbers and QR codes). With
BENCH_PNG_DIR the two drawings of the first holder are written there as PNG (pdftoppm -r 80)
to be compared by eye.

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
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "100"))
PNG_DIR = os.environ.get("BENCH_PNG_DIR", "")


def bench_certificates() -> None:
    """Time the certificate PDF drawn whole by WeasyPrint and stamped on the background."""
    import datetime
    import subprocess

    from certificates import pdf
    from certificates.models import Certificate
    from results.models import ApprovalDocument

    document = ApprovalDocument(
        number="乌职改〔2026〕12号",
        authority="乌鲁木齐市职称改革工作领导小组办公室",
        issued_on=datetime.date(2026, 11, 20),
    )

    def holder(n: int) -> Certificate:
        return Certificate(
            pk=n,
            number=f"XJ650100-2026-{n:06d}",
            token=f"bench{n:027d}",
            holder_name=("张三", "买买提·艾力", "欧阳明月", "李四")[n % 4] + str(n),
            id_number=f"6501021985{n:08d}"[:18],
            qualification="[乌鲁木齐市][中级]社会科学研究/助理研究员",
            specialty="经济学",
            unit_name="新疆财经大学",
            committee_name="乌鲁木齐市评审委员会",
            approval=document,
            issued_on=document.issued_on,
            status=Certificate.Status.VALID,
        )

    def whole(certificate: Certificate) -> bytes:
        return pdf._weasyprint_pdf(pdf.render_html(certificate, full_id=True))

    def stamped(certificate: Certificate) -> bytes:
        data = pdf.stamp_pdf(certificate, full_id=True)
        if data is None:
            sys.exit(f"certificate {certificate.number} could not be stamped")
        return data

    for label, draw, count in (
        ("stamped on the background", stamped, CERTIFICATES),
        ("laid out whole by WeasyPrint", whole, max(1, min(CERTIFICATES, 10))),
    ):
        start = time.perf_counter()
        first = draw(holder(0))
        cold_ms = (time.perf_counter() - start) * 1000
        times = []
        cpu = time.process_time()
        for n in range(1, count + 1):
            start = time.perf_counter()
            draw(holder(n))
            times.append((time.perf_counter() - start) * 1000)
        cpu_ms = (time.process_time() - cpu) * 1000 / count
        print(
            f"证书 {label}: first {cold_ms:.0f} ms, then {count}: median "
            f"{statistics.median(times):.1f} ms, worst {max(times):.1f} ms, CPU {cpu_ms:.1f} ms "
            f"per certificate, {len(first) // 1024} KB"
        )
        if PNG_DIR:
            out = Path(PNG_DIR)
            out.mkdir(parents=True, exist_ok=True)
            name = "stamped" if draw is stamped else "weasyprint"
            (out / f"{name}.pdf").write_bytes(first)
            subprocess.run(  # noqa: S603 - a fixed poppler tool on a file we wrote
                [
                    "/usr/bin/pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-singlefile",
                    str(out / f"{name}.pdf"),
                    str(out / name),
                ],
                check=True,
            )
    if PNG_DIR:
        print(f"PNG: {PNG_DIR}/stamped.png and {PNG_DIR}/weasyprint.png")


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
    if CERTIFICATES:
        bench_certificates()

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
