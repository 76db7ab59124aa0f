from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:certificate_id>/", views.detail, name="detail"),
    path("<int:certificate_id>/pdf/", views.pdf, name="pdf"),
    path("verify/", views.verify, name="verify"),
    path("v/<str:token>/", views.verify_token, name="verify_token"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:certificate_id>/revoke/", views.revoke, name="revoke"),
]
