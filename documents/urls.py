from django.urls import path

from documents import bulk, views

app_name = "documents"
urlpatterns = [
    path("print-selected/", bulk.bulk_print, name="bulk_print"),
    path("<int:app_id>/", views.index, name="index"),
    path("<int:app_id>/review-form/official/", views.review_form, name="review_form"),
    path(
        "<int:app_id>/review-form/test/",
        views.review_form,
        {"official": False},
        name="review_form_test",
    ),
    path("<int:app_id>/envelope/official/", views.envelope, name="envelope"),
    path("<int:app_id>/envelope/test/", views.envelope, {"official": False}, name="envelope_test"),
    path("<int:app_id>/report-form/", views.report_form, name="report_form"),
]
