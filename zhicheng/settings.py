"""Settings for the 职称管理平台.

Everything that differs between a developer's laptop and production comes from the
environment (see `.env.example`). The embedded default is SQLite, local files and an
in-process cache; production sets DATABASE_URL (PostgreSQL), REDIS_URL, STORAGE=s3.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

# Lets admin and form classes be written ModelAdmin[Model] for mypy at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("ALLOW_INSECURE_SECRET", "false"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set (see .env.example)")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "zhicheng.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    # Second factor (docs/adr/0018-two-factor-sign-in.md): TOTP devices and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Staff lists: sort, page size, export (zhicheng/tables.py, docs/adr/0039-clerk-tables.md).
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "accounts",
    "audit",
    "orgs",
    "catalog",
    "portal",
    "applications",
    "reviews",
    "payments",
    "results",
    "certificates",
    # 评审专家库, panels drawn at random, online votes, 复查 (docs/adr/0034-expert-review.md).
    "experts",
    "documents",
    "notifications",
    "recovery",
    "qa",
    "training",
    "sysadmin",
    # REST API /api/v1/ (django-ninja) and its tokens (docs/adr/0025-rest-api.md).
    "api",
    # 统计 for hr_admin and committee staff (docs/adr/0027-statistics.md).
    "stats",
    # Scheduled jobs: `manage.py run_scheduler` (docs/adr/0016-task-engine.md).
    "scheduler",
    # Health checks and log lines (docs/adr/0020-health-resilience-logging.md).
    "zhicheng.apps.OpsConfig",
]

MIDDLEWARE = [
    # /healthz and /readyz answer before sessions, CSRF, the HTTPS redirect and the host check.
    "zhicheng.health.HealthCheckMiddleware",
    # The request id (X-Request-ID) and one log line per request.
    "zhicheng.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response that has none of its own (files set theirs).
    "csp.middleware.CSPMiddleware",
    # The client address for audit rows written inside actions (audit/context.py).
    "audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in account's chosen language wins over the browser's cookie.
    "accounts.language.AccountLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.ActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A rate limit whose cache is unreachable answers 503, never 500 (zhicheng/ratelimit.py).
    "zhicheng.ratelimit.RateLimitUnavailableMiddleware",
    # Last net: Redis or the file store unreachable in a view → the 503 page, not a 500.
    "zhicheng.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
WSGI_APPLICATION = "zhicheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.platform",
            ],
        },
    },
]
# Django's renderer, with inputs, textareas, selects and radios written without templates
# (same HTML; zhicheng/form_renderer.py).
FORM_RENDERER = "zhicheng.form_renderer.FormRenderer"

# Database: SQLite by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep the embedded default usable with a few users at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: Redis when REDIS_URL is set (several app processes), otherwise in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, Any]
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache whose reads miss and writes drop while Redis is down (zhicheng/cache.py).
            "BACKEND": "zhicheng.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "zc"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # cached_db that falls back to the database alone while Redis is down (zhicheng/sessions.py).
    SESSION_ENGINE = "zhicheng.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (docs/adr/0016-task-engine.md): the Tasks API with the database backend as
# the embedded default (`manage.py db_worker`), RQ on Redis in production (TASK_BACKEND=rq,
# `manage.py rqworker --job-class django_tasks_rq.Job`); "immediate" runs a task inside the
# caller (tests and one-off scripts).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASK_QUEUES = ["default", "bulk"]
TASKS: dict[str, Any] = {
    "default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": TASK_QUEUES},
}
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 1800}
    for name in TASK_QUEUES
}

# Notices (docs/adr/0016-task-engine.md): delivery attempts before a notice is given up,
# the first retry's wait (doubling after each failure, at most an hour), how long a pending
# notice may be overdue before the scheduler enqueues it again, and from how many
# recipients a fan-out goes to the "bulk" queue.
NOTICE_MAX_ATTEMPTS = envint("NOTICE_MAX_ATTEMPTS", 5)
NOTICE_RETRY_SECONDS = envint("NOTICE_RETRY_SECONDS", 60)
NOTICE_STALL_SECONDS = envint("NOTICE_STALL_SECONDS", 900)
NOTICE_BULK_RECIPIENTS = envint("NOTICE_BULK_RECIPIENTS", 50)
# Scheduled reminders: clerks hear of applications waiting at their node longer than this
# many days (at most once a day); applicants of unsubmitted applications this many days
# before their window closes (once per application and window).
REMIND_WAITING_DAYS = envint("REMIND_WAITING_DAYS", 7)
REMIND_DEADLINE_DAYS = envint("REMIND_DEADLINE_DAYS", 3)
# Stashed registration scans (accounts/uploads.py) older than this many hours are removed
# (hourly, so none stays over a day).
STASH_MAX_AGE_HOURS = envint("STASH_MAX_AGE_HOURS", 23)

# A 批文's certificates are issued on a worker in chunks (docs/adr/0017-certificate-batches.md):
# chunk size, how long without a committed chunk before a batch counts as stalled and is
# enqueued again, failed runs before it waits for the committee's 继续颁发, and whether the
# holders' PDFs are drawn on the worker after issue (else on the first print).
CERTIFICATE_BATCH_CHUNK = envint("CERTIFICATE_BATCH_CHUNK", 200)
CERTIFICATE_BATCH_STALL_SECONDS = envint("CERTIFICATE_BATCH_STALL_SECONDS", 120)
CERTIFICATE_BATCH_MAX_FAILURES = envint("CERTIFICATE_BATCH_MAX_FAILURES", 5)
CERTIFICATE_PDF_ON_WORKER = envbool("CERTIFICATE_PDF_ON_WORKER", "1")
# An official 评审表 is laid out on a worker when the application passes formal review, and
# each print stamps its marking on that body (docs/adr/0041-stamped-review-form.md); off: the
# first print lays it out.
REVIEW_FORM_BODY_ON_WORKER = envbool("REVIEW_FORM_BODY_ON_WORKER", "1")
# 会议结果导入: sheets with more rows than this are imported on a worker.
IMPORT_INLINE_MAX_ROWS = envint("IMPORT_INLINE_MAX_ROWS", 300)

# Sessions end after SESSION_IDLE_MINUTES idle minutes (default 30) [issue 2 §9, issue 8 §11].
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_IDLE_SECONDS = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# Saved when changed; accounts.middleware.ActivityMiddleware changes it at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.LoginNameBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.PasswordClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:index"

# Lockout: LOCKOUT_FAILURE_LIMIT failures (default 5) lock the account for
# LOCKOUT_COOLOFF_MINUTES (default 15) [issue 2 §9, issue 8 §11].
LOCKOUT_FAILURE_LIMIT = envint("LOCKOUT_FAILURE_LIMIT", 5)
LOCKOUT_COOLOFF_MINUTES = envint("LOCKOUT_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOCKOUT_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOCKOUT_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: exactly PROXY_COUNT reverse proxies are trusted to append to
# X-Forwarded-For (lib/clientaddr.py); 0 reads REMOTE_ADDR only. One function for the
# lockout log, the audit log and every rate limit.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "zhicheng.clientaddr.client_address"
# Lockout is per account, as users expect; an IP lockout would lock a whole hospital or
# school behind one NAT address after five typos. Per-address limits are RATE_LIMITS below.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Rate limits (zhicheng/ratelimit.py, docs/adr/0019-rate-limits.md): "count/period" with a
# period of s, m, h or d, optionally multiplied ("20/10m"). Each can be changed from the
# environment as RATE_LIMIT_<NAME> (upper case, "-" → "_"), e.g. RATE_LIMIT_RECOVERY_IP=60/h.
_RATE_LIMIT_DEFAULTS = {
    # 证书查验 (public): lookups per client address.
    "certificate-verify": "20/10m",
    # 公示异议 (public): objections per client address.
    "objection": "5/h",
    # 投诉 without an account (experts app): complaints per client address.
    "complaint": "5/h",
    # 找回账号, per way: attempts per client address, and per target (mobile, e-mail, ID
    # number, credit code); typing a code: per code row.
    "recovery-ip": "30/h",
    "recovery-target": "5/h",
    "recovery-code": "6/h",
    # 在线问答: questions per applicant per day (the key carries the date).
    "qa-ask": "10/d",
    # REST API (api app): requests per API token; refused token attempts per client address.
    "api-token": "600/10m",
    "api-token-refused": "20/10m",
}
RATE_LIMITS = {
    name: os.environ.get("RATE_LIMIT_" + name.upper().replace("-", "_"), default)
    for name, default in _RATE_LIMIT_DEFAULTS.items()
}
# The cache alias that keeps the counts (Redis in production, shared by every process).
RATE_LIMIT_CACHE = "default"

# SMS (recovery/sms.py): SMS_BACKEND is a short name — "file" (var/sms-outbox.log and the
# console, development), "console", "locmem" (tests), "http" (a gateway taking a JSON POST)
# — or a dotted path to a class. The development senders write codes where people can read
# them, so with DEBUG off they refuse to start unless SMS_ALLOW_DEV_BACKEND=1.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "file")
SMS_ALLOW_DEV_BACKEND = envbool("SMS_ALLOW_DEV_BACKEND", "false")
SMS_OUTBOX_PATH = os.environ.get("SMS_OUTBOX_PATH", str(BASE_DIR / "var" / "sms-outbox.log"))
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_KEY = os.environ.get("SMS_HTTP_KEY", "")
SMS_HTTP_TIMEOUT = envint("SMS_HTTP_TIMEOUT", 10)

# Security audit log (audit app): rows are kept this many days, then purged by the scheduler
# (audit.actions.purge_expired). At least 180; a system check refuses less.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 180)

# Second factor (docs/adr/0018-two-factor-sign-in.md). These roles must sign in with a TOTP
# code (or a recovery code); everyone else may turn it on in their profile. A role added here
# (e.g. a later `expert`) is taken to enrolment at its next request.
OTP_REQUIRED_ROLES = ["dept_reviewer", "committee_staff", "hr_admin", "expert"]
# The issuer name stored in each authenticator app with the account: data, never translated.
OTP_TOTP_ISSUER = "新疆职称管理平台"  # i18n: data

# 公示 runs at least 5 working days on the official calendar (lib/workdays.py, chinese_calendar).
# For a year the pinned library does not know yet, list that year's official holidays and
# make-up working days here (ISO dates, comma-separated in the environment); weekends apart
# from these count as rest days.
WORKDAY_EXTRA_HOLIDAYS = [d for d in os.environ.get("WORKDAY_EXTRA_HOLIDAYS", "").split(",") if d]
WORKDAY_EXTRA_WORKDAYS = [d for d in os.environ.get("WORKDAY_EXTRA_WORKDAYS", "").split(",") if d]
# Wrong codes within one sign-in before the password must be entered again.
OTP_FAILURE_LIMIT = 5
# Seconds the password step stays valid while the second step is open.
OTP_PENDING_SECONDS = 5 * 60
OTP_RECOVERY_CODES = 10
# The Django admin (superusers) lists devices but never shows their keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "zh-hans"
# Each language named in itself, as language menus do.
LANGUAGES = [("zh-hans", "简体中文"), ("ug", "ئۇيغۇرچە")]  # i18n: data
# Uyghur is written right to left (docs/adr/0035-uyghur-and-rtl.md); Django knows `ug` as bidi.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "var" / "vendor"]

# Uploaded scans live outside the web root and are served only through views that
# check who may see them. Production: STORAGE=s3 with the AWS_* variables.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGE_KIND = os.environ.get("STORAGE", "local")
_private_storage: dict[str, Any]
if STORAGE_KIND == "s3":
    _private_storage = {
        # S3Storage that raises StorageUnavailable when the store is unreachable (→ 503).
        "BACKEND": "zhicheng.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _private_storage = {
        "BACKEND": "zhicheng.storage.LocalStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
STORAGES: dict[str, Any] = {
    "default": _private_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@zhicheng.local")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")

# Payments: the secret a gateway signs its notifications with (payments/gateways.py). Empty
# in production means the notify endpoint refuses every call; the fallback is for
# development and tests only.
PAYMENT_NOTIFY_SECRET = os.environ.get("PAYMENT_NOTIFY_SECRET", "")
if not PAYMENT_NOTIFY_SECRET and (DEBUG or envbool("ALLOW_INSECURE_SECRET", "false")):
    PAYMENT_NOTIFY_SECRET = "insecure-development-payment-notify-secret"

# Security headers; production turns HTTPS settings on through the environment.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
# The load balancer's probes (answered before SecurityMiddleware anyway, zhicheng/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy for every page (docs/adr/0021-file-serving-and-csp.md): scripts and
# styles only from our own static files, no inline code, no plugins, no framing. User files
# carry their own sandboxing policy (zhicheng/serving.py), which this one never replaces.
# The environment's CSP_REPORT_URI (optional) is where browsers report violations (kept out of
# the settings namespace: django-csp 4 refuses CSP_* settings as its old configuration style).
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "").strip()
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [_csp_report_uri] if _csp_report_uri else None,
    },
}
if envbool("BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Logs (zhicheng/logs.py): LOG_FORMAT=json writes one JSON object per line (one per request,
# one per task, and every other record); anything else writes plain text. Every handler
# masks ID numbers, query strings and token path segments.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
_LOG_ROUTED = {"handlers": ["console"], "propagate": False, "level": LOG_LEVEL}
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "zhicheng.logs.RequestIdFilter"},
        "redact_ids": {"()": "lib.logredact.RedactIdNumbersFilter"},
        "redact_urls": {"()": "zhicheng.logs.RedactUrlSecretsFilter"},
    },
    "formatters": {
        "plain": {"()": "zhicheng.logs.PlainFormatter"},
        "json": {"()": "zhicheng.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact_ids", "redact_urls"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's and RQ's own handlers would skip the filters (runserver logs query strings).
        "django": _LOG_ROUTED,
        "django.server": _LOG_ROUTED,
        "rq.worker": _LOG_ROUTED,
        # The task line (zhicheng.logs) replaces django-tasks' start/finish lines; failures stay.
        "django_tasks": {**_LOG_ROUTED, "level": "WARNING"},
    },
}
# /readyz fails when the oldest task waiting for a worker is older than this.
READY_QUEUE_MAX_AGE_SECONDS = envint("READY_QUEUE_MAX_AGE_SECONDS", 300)
