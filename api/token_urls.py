"""/system/api-tokens/: 系统设置 → 接口令牌 for hr_admin, included from the root URLconf under
the 系统设置 path. Routed by the api app itself so that sysadmin does not import api (api
sits above sysadmin; ADR 0029)."""

from django.urls import path

from api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("new/", views.token_create, name="create"),
    path("<int:token_id>/revoke/", views.token_revoke, name="revoke"),
]
