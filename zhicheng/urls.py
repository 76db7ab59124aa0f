from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("units/", include("orgs.urls")),
    path("catalog/", include("catalog.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("documents/", include("documents.urls")),
    path("payments/", include("payments.urls")),
    path("results/", include("results.urls")),
    path("certificates/", include("certificates.urls")),
    path("messages/", include("notifications.urls")),
    path("recovery/", include("recovery.urls")),
    path("qa/", include("qa.urls")),
    path("training/", include("training.urls")),
    path("system/", include("sysadmin.urls")),
    path("api/", include("api.urls")),
    path("stats/", include("stats.urls")),
    path("admin/", admin.site.urls),
]
