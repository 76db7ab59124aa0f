"""/api/: the versioned REST API and its documentation page. The 系统设置 pages that manage
tokens are routed under /system/api-tokens/ by `api.token_urls`."""

from django.urls import path

from api import views
from api.v1 import api as api_v1

app_name = "api"
urlpatterns = [
    path("v1/docs/", views.docs, name="docs"),
    path("v1/", api_v1.urls),
]
