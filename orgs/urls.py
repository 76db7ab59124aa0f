from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit, name="unit"),
    path("complete/", views.unit_complete, name="unit_complete"),
    path("rename/", views.unit_rename, name="unit_rename"),
    path("recommenders/", views.unit_recommenders, name="unit_recommenders"),
    path("<int:pk>/licence/", views.licence, name="licence"),
    path("similar/", views.similar_units, name="similar_units"),
    path("similar/<int:pk>/resolve/", views.similar_unit_resolve, name="similar_unit_resolve"),
]
