from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:message_id>/", views.open_message, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
