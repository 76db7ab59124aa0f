from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("unit/", views.unit, name="unit"),
    path("unit/<int:pk>/", views.review, name="review"),
]
