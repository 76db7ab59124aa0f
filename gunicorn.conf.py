"""gunicorn settings for the 职称管理平台 (`gunicorn -c gunicorn.conf.py zhicheng.wsgi`).

Every value can be changed from the environment; see .env.example and
docs/adr/0020-health-resilience-logging.md. Long work (a 批文 of thousands, mail fan-out,
imports) runs on the task workers, so a request that needs more than `timeout` is a bug.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
# WEB_CONCURRENCY is the usual name process managers and platforms set.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A worker silent this long is killed and replaced; a graceful restart (HUP, deploy) lets
# requests in flight finish for graceful_timeout seconds.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle each worker after about this many requests (jitter spreads the restarts), which
# bounds any slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Off: each worker imports the app itself, so a graceful reload picks up new code and no
# database or Redis connection is opened before the fork.
preload_app = False
# The request line is written by the app (zhicheng.middleware, JSON with LOG_FORMAT=json),
# with the request id, the user and token paths masked; gunicorn's access log would repeat it
# with query strings.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Addresses of the reverse proxies whose X-Forwarded-* headers gunicorn may trust.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Request line and header limits well above what the pages need, below gunicorn's maxima.
limit_request_line = 8190
limit_request_fields = 100
