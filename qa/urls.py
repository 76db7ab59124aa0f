from django.urls import path

from qa import views

app_name = "qa"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.answer, name="answer"),
    path("faq/", views.faq, name="faq"),
]
