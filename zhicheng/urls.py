from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "新疆专业技术人员职称管理平台 · 管理后台"
admin.site.site_title = "职称管理平台"

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("units/", include("orgs.urls")),
    path("catalog/", include("catalog.urls")),
    path("admin/", admin.site.urls),
]
