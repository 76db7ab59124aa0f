from django.urls import path

from results import public_views, views

app_name = "results"
urlpatterns = [
    # The applicant's 评审结果查询.
    path("mine/", views.mine, name="mine"),
    # Committee staff.
    path("papers/", views.papers, name="papers"),
    path("papers/<int:app_id>/", views.paper_mark, name="paper_mark"),
    path("papers/received/", views.papers_received, name="papers_received"),
    path("papers/to-meeting/", views.papers_to_meeting, name="papers_to_meeting"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/add/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:meeting_id>/import/", views.meeting_import, name="meeting_import"),
    path(
        "meetings/<int:meeting_id>/template.xlsx", views.meeting_template, name="meeting_template"
    ),
    path(
        "meetings/<int:meeting_id>/results/<int:result_id>/",
        views.meeting_result,
        name="meeting_result",
    ),
    path(
        "meetings/<int:meeting_id>/results/<int:result_id>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("imports/<int:job_id>/", views.import_job, name="import_job"),
    path("imports/<int:job_id>/progress/", views.import_job_progress, name="import_job_progress"),
    path("publicities/", views.publicities, name="publicities"),
    path("publicities/<int:publicity_id>/", views.publicity, name="publicity"),
    path("objections/", views.objections, name="objections"),
    path("objections/<int:objection_id>/", views.objection_decide, name="objection_decide"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:document_id>/", views.approval, name="approval"),
    path(
        "approvals/<int:document_id>/progress/",
        views.approval_progress,
        name="approval_progress",
    ),
    path("approvals/<int:document_id>/resume/", views.approval_resume, name="approval_resume"),
    path("approvals/special/", views.special_approvals, name="special_approvals"),
    # Public, no sign-in.
    path("public/", public_views.public_list, name="public_list"),
    path("public/<int:publicity_id>/", public_views.public_detail, name="public_detail"),
]
