"""Two app instances and a worker on one PostgreSQL, Redis and S3-compatible store (moto).

What only shows across processes: sessions, uploads, the lockout and a race shared through the
services rather than a process's memory, and an instance whose Redis is gone still answering.
Sign-ins use the demo applicant and unit administrator (staff accounts need a second factor).
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from typing import Any

import requests
from PIL import Image

from multiprocess.conftest import (
    DEAD_REDIS_URL,
    Stack,
    csrf_token,
    post_form,
    sign_in,
    try_sign_in,
)

APPLICANT = "demo_applicant"
UNIT_ADMIN = "demo_unit"


def demo_applications(stack: Stack) -> list[dict[str, Any]]:
    out = stack.shell(
        "import json\n"
        "from applications.models import Application\n"
        f"rows = Application.objects.filter(applicant__username={APPLICANT!r}).order_by('pk')\n"
        "print(json.dumps([dict(id=a.pk, status=a.status, version=a.version,"
        " submissions=a.submission_count, template=a.template_id) for a in rows]))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_both_instances_are_ready_with_every_dependency(stack: Stack) -> None:
    for url in stack.urls:
        response = requests.get(url + "/readyz", timeout=30)
        assert response.status_code == 200, response.text
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "storage": "ok", "queue": "ok"},
        }


def test_a_session_made_on_one_instance_works_on_the_other(stack: Stack) -> None:
    session = sign_in(stack.a.url, APPLICANT)
    home = session.get(stack.b.url + "/accounts/home/", allow_redirects=False, timeout=30)
    assert home.status_code == 200
    assert APPLICANT in home.text and "我的主页" in home.text
    # And the other way round, for the unit administrator.
    unit = sign_in(stack.b.url, UNIT_ADMIN)
    page = unit.get(stack.a.url + "/accounts/home/", allow_redirects=False, timeout=30)
    assert page.status_code == 200 and UNIT_ADMIN in page.text


def test_a_file_uploaded_through_one_downloads_through_the_other_from_the_bucket(
    stack: Stack,
) -> None:
    draft = next(a for a in demo_applications(stack) if a["status"] == "draft")
    slot = json.loads(
        stack.shell(
            "import json\n"
            "from applications.models import Application\n"
            f"app = Application.objects.get(pk={draft['id']})\n"
            "slot = next(s for sec in app.template.sections.order_by('position')"
            " for s in sec.slots.order_by('position'))\n"
            "print(json.dumps([slot.section.key, slot.key]))\n"
        )
        .strip()
        .splitlines()[-1]
    )
    section_key, slot_key = slot
    content = png_bytes()
    session = sign_in(stack.a.url, APPLICANT)
    section_page = f"{stack.a.url}/applications/{draft['id']}/sections/{section_key}/"
    response = post_form(
        session,
        f"{section_page}slots/{slot_key}/upload/",
        {},
        page=section_page,
        files={"file": ("多进程测试.png", content, "image/png")},
    )
    assert response.status_code == 302, response.text[:500]

    placed = stack.db.query(
        "SELECT sf.id, a.file, a.sha256 FROM applications_slotfile sf"
        " JOIN applications_attachment a ON a.id = sf.attachment_id"
        " WHERE sf.application_id = %s AND a.display_name = %s",
        (draft["id"], "多进程测试.png"),
    )
    assert len(placed) == 1
    slot_file_id, stored_name, digest = placed[0]
    download = session.get(
        f"{stack.b.url}/applications/{draft['id']}/files/{slot_file_id}/", timeout=30
    )
    assert download.status_code == 200
    # The upload is checked and normalised (metadata stripped), so compare with what was kept.
    assert hashlib.sha256(download.content).hexdigest() == digest
    with Image.open(io.BytesIO(download.content)) as image:
        assert image.size == (60, 40)
    assert stored_name in stack.s3.keys()
    kept = stack.s3.client().get_object(Bucket=stack.s3.bucket, Key=stored_name)["Body"].read()
    assert kept == download.content
    assert list(stack.private_root.rglob("*")) == []  # nothing on the local disk


def test_the_lockout_counts_failures_made_on_both_instances(stack: Stack) -> None:
    username = "demo_teacher_a"
    answers = []
    for url in (stack.a.url, stack.b.url, stack.a.url, stack.b.url, stack.a.url):
        refused = try_sign_in(url, username, "Wrong-password-1")
        answers.append(refused.last_response.status_code)  # type: ignore[attr-defined]
    # Four failures split over both instances, and the fifth locks the account.
    assert answers == [200, 200, 200, 200, 429]
    locked = try_sign_in(stack.b.url, username)  # the right password, on the other instance
    response = locked.last_response  # type: ignore[attr-defined]
    assert response.status_code == 429
    assert "该账号已被锁定" in response.text
    assert locked.get(stack.a.url + "/accounts/home/", allow_redirects=False).status_code == 302


def test_a_submit_raced_through_both_instances_takes_effect_once(stack: Stack) -> None:
    returned = next(a for a in demo_applications(stack) if a["status"] == "returned")
    history_before = stack.db.value(
        "SELECT count(*) FROM applications_historyentry WHERE application_id = %s",
        (returned["id"],),
    )
    session = sign_in(stack.a.url, APPLICANT)
    edit = session.get(f"{stack.a.url}/applications/{returned['id']}/edit/", timeout=30)
    token = csrf_token(edit.text)
    barrier = threading.Barrier(4)
    answers: list[int] = []

    def submit(url: str) -> None:
        barrier.wait(timeout=30)
        response = session.post(
            f"{url}/applications/{returned['id']}/submit/",
            data={"csrfmiddlewaretoken": token, "version": returned["version"]},
            allow_redirects=False,
            timeout=60,
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(url,)) for url in stack.urls * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(answers) == [302, 302, 302, 302]  # refused ones go back with a message
    after = next(a for a in demo_applications(stack) if a["id"] == returned["id"])
    assert after["status"] == "in_review"
    assert after["submissions"] == returned["submissions"] + 1
    history_after = stack.db.value(
        "SELECT count(*) FROM applications_historyentry WHERE application_id = %s",
        (returned["id"],),
    )
    assert history_after == history_before + 1


def test_an_instance_whose_redis_is_gone_answers_without_a_500(
    stack: Stack, extra_instances: list[Any]
) -> None:
    down = stack.start_instance(REDIS_URL=DEAD_REDIS_URL)
    for path, text in (
        ("/", "新疆专业技术人员职称管理平台"),
        ("/accounts/login/", "登录"),
        ("/certificates/verify/", "证书查验"),
        ("/results/public/", "公示"),
    ):
        response = requests.get(down.url + path, timeout=30)
        assert response.status_code == 200, (path, response.status_code)
        assert text in response.text
    ready = requests.get(down.url + "/readyz", timeout=30)
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"] == "failed"
    assert ready.json()["checks"]["database"] == "ok"
    # Sessions fall back to the database: signing in and working goes on.
    session = sign_in(down.url, UNIT_ADMIN)
    home = session.get(down.url + "/accounts/home/", allow_redirects=False, timeout=30)
    assert home.status_code == 200 and UNIT_ADMIN in home.text
    # A rate-limited lookup cannot count: a clear 503, not a 500.
    lookup = post_form(
        requests.Session(),
        down.url + "/certificates/verify/",
        {"number": "ZC-0000", "name": "张三"},
    )
    assert lookup.status_code == 503
    assert "服务暂时不可用" in lookup.text
    log = down.proc.log_text()
    assert '"status": 500' not in log
    assert "127.0.0.1:1" not in log  # the outage is logged without the address


def test_a_task_enqueued_by_one_process_runs_on_the_worker_and_is_logged(stack: Stack) -> None:
    since = stack.worker.mark()
    out = stack.shell(
        "from scheduler.jobs import clear_sessions\nprint(clear_sessions.enqueue().id)\n"
    )
    task_id = out.strip().splitlines()[-1]
    stack.worker.wait_for(f'"task_id": "{task_id}"', since=since, timeout=60)
    lines = [
        json.loads(line)
        for line in stack.worker.log_text()[since:].splitlines()
        if line.startswith("{") and task_id in line
    ]
    [task_line] = [line for line in lines if line.get("event") == "task"]
    assert task_line["task"] == "scheduler.jobs.clear_sessions"
    assert task_line["status"] == "SUCCESSFUL"
    assert task_line["duration_ms"] >= 0
