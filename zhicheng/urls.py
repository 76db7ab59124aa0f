from django.contrib import admin
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog

from zhicheng.keepalive import idle_end, keep_alive

# The translation catalogue of static/js (gettext, interpolate): an external script, so the
# CSP needs no inline code. It changes only with a deploy, so it is cached for a day and keyed
# by this process's start (docs/adr/0031-kernel-translation-and-import-layers.md).
STARTED = timezone.now()
javascript_catalog = cache_page(86400, key_prefix=f"jsi18n-{STARTED:%Y%m%d%H%M%S}")(
    last_modified(lambda request, **kwargs: STARTED)(JavaScriptCatalog.as_view())
)

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("units/", include("sysadmin.unit_urls")),
    path("catalog/", include("catalog.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("documents/", include("documents.urls")),
    path("payments/", include("payments.urls")),
    path("results/", include("results.urls")),
    path("experts/", include("experts.urls")),
    path("certificates/", include("certificates.urls")),
    path("messages/", include("notifications.urls")),
    path("recovery/", include("recovery.urls")),
    path("qa/", include("qa.urls")),
    path("training/", include("training.urls")),
    path("system/api-tokens/", include("api.token_urls")),
    path("system/", include("sysadmin.urls")),
    path("api/", include("api.urls")),
    path("stats/", include("stats.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", javascript_catalog, name="javascript_catalog"),
    path("session/keep-alive/", keep_alive, name="keep_alive"),
    path("session/idle-end/", idle_end, name="idle_end"),
]
