from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<slug:key>/", views.export_figure, name="export"),
]
