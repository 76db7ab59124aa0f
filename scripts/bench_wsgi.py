"""The platform's WSGI application with the benchmark's URLconf (scripts/bench_minimal.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench_minimal"
