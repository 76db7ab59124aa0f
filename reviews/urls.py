from django.urls import path

from reviews import handling, views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("search/", views.search, name="search"),
    path("<int:app_id>/", views.handle, name="handle"),
    path("<int:app_id>/comment/<slug:section_key>/", views.comment, name="comment"),
    path("<int:app_id>/comments/", views.comments, name="comments"),
    path("next/", handling.next_application, name="next"),
    path("<int:app_id>/next/", handling.next_application, name="next_after"),
    path("<int:app_id>/recommendation/", views.recommend, name="recommend"),
    path("<int:app_id>/return/", views.return_view, name="return"),
    path("<int:app_id>/pass/", views.pass_view, name="pass"),
]
