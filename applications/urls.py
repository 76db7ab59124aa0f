from django.urls import path

from applications.views import attachments, lists, pages, qualification, sections, steps
from catalog.models import BusinessType

app_name = "applications"

# Business types other than 评审, each under its own menu: 我的申请书 filtered, and 新增.
OTHER_TYPES = [t for t in BusinessType.values if t != BusinessType.REVIEW]

urlpatterns = [
    path("", lists.application_list, name="list"),
    path("new/", qualification.create, {"business_type": BusinessType.REVIEW}, name="create"),
    path("library/", attachments.library, name="library"),
    path("library/<int:attachment_id>/", attachments.library_file, name="library_file"),
    path("special/help/", lists.special_help, name="special_help"),
    *[
        p
        for business_type in OTHER_TYPES
        for p in (
            path(
                f"{business_type}/",
                lists.application_list,
                {"business_type": business_type},
                name=f"list_{business_type}",
            ),
            path(
                f"{business_type}/new/",
                qualification.create,
                {"business_type": business_type},
                name=f"create_{business_type}",
            ),
        )
    ],
    path("<int:app_id>/", pages.detail, name="detail"),
    path("<int:app_id>/edit/", sections.edit, name="edit"),
    path("<int:app_id>/opinions/", pages.opinions, name="opinions"),
    path("<int:app_id>/sections/<slug:key>/", sections.section, name="section"),
    path(
        "<int:app_id>/sections/<slug:key>/slots/<slug:slot_key>/upload/",
        attachments.upload,
        name="upload",
    ),
    path(
        "<int:app_id>/sections/<slug:key>/slots/<slug:slot_key>/pick/",
        attachments.pick,
        name="pick",
    ),
    path("<int:app_id>/files/<int:slotfile_id>/", attachments.attachment, name="attachment"),
    path("<int:app_id>/files/<int:slotfile_id>/remove/", attachments.remove, name="remove"),
    path("<int:app_id>/precheck/", pages.precheck, name="precheck"),
    path("<int:app_id>/submit/", steps.submit, name="submit"),
    path("<int:app_id>/recall/", steps.recall, name="recall"),
    path("<int:app_id>/change/", qualification.change, name="change"),
    path("<int:app_id>/delete/", steps.delete, name="delete"),
]
