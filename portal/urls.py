from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("ping/", views.ping, name="ping"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/files/<int:file_id>/", views.notice_file, name="notice_file"),
    path("committees/", views.committees, name="committees"),
    path("help/", views.help_page, name="help"),
    path("manage/notices/", views.manage_notices, name="manage_notices"),
    path("manage/notices/new/", views.create_notice, name="create_notice"),
    path("manage/notices/<int:pk>/", views.edit_notice, name="edit_notice"),
    path("manage/notices/<int:pk>/publish/", views.publish_notice, name="publish_notice"),
    path(
        "manage/notices/<int:pk>/files/<int:file_id>/remove/",
        views.remove_notice_file,
        name="remove_notice_file",
    ),
]
