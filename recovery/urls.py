from django.urls import path

from recovery import views

app_name = "recovery"
urlpatterns = [
    path("", views.start, name="start"),
    path("mobile/", views.mobile, name="mobile"),
    path("mobile/verify/", views.mobile_verify, name="mobile_verify"),
    path("email/", views.email, name="email"),
    path("identity/", views.identity, name="identity"),
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/unit/", views.unit_appeal, name="unit_appeal"),
    path("sent/<slug:kind>/", views.sent, name="sent"),
    path("reset/<str:token>/", views.reset, name="reset"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/approve/", views.approve, name="approve"),
    path("reviews/<int:pk>/reject/", views.reject, name="reject"),
    path("reviews/<int:pk>/scan/", views.scan, name="scan"),
]
