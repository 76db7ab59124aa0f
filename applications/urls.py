from django.urls import path

from applications import views
from catalog.models import BusinessType

app_name = "applications"

# Business types other than 评审, each under its own menu: 我的申请书 filtered, and 新增.
OTHER_TYPES = [t for t in BusinessType.values if t != BusinessType.REVIEW]

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.create, {"business_type": BusinessType.REVIEW}, name="create"),
    path("library/", views.library, name="library"),
    path("library/<int:attachment_id>/", views.library_file, name="library_file"),
    path("special/help/", views.special_help, name="special_help"),
    *[
        p
        for business_type in OTHER_TYPES
        for p in (
            path(
                f"{business_type}/",
                views.application_list,
                {"business_type": business_type},
                name=f"list_{business_type}",
            ),
            path(
                f"{business_type}/new/",
                views.create,
                {"business_type": business_type},
                name=f"create_{business_type}",
            ),
        )
    ],
    path("<int:app_id>/", views.detail, name="detail"),
    path("<int:app_id>/edit/", views.edit, name="edit"),
    path("<int:app_id>/opinions/", views.opinions, name="opinions"),
    path("<int:app_id>/sections/<slug:key>/", views.section, name="section"),
    path(
        "<int:app_id>/sections/<slug:key>/slots/<slug:slot_key>/upload/",
        views.upload,
        name="upload",
    ),
    path("<int:app_id>/sections/<slug:key>/slots/<slug:slot_key>/pick/", views.pick, name="pick"),
    path("<int:app_id>/files/<int:slotfile_id>/", views.attachment, name="attachment"),
    path("<int:app_id>/files/<int:slotfile_id>/remove/", views.remove, name="remove"),
    path("<int:app_id>/precheck/", views.precheck, name="precheck"),
    path("<int:app_id>/submit/", views.submit, name="submit"),
    path("<int:app_id>/recall/", views.recall, name="recall"),
    path("<int:app_id>/change/", views.change, name="change"),
    path("<int:app_id>/delete/", views.delete, name="delete"),
]
