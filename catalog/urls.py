from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("conditions/", views.conditions, name="conditions"),
    path("conditions/<int:pk>/", views.condition, name="condition"),
]
