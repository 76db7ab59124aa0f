from django.urls import path

from experts import applicant_views, expert_views, public_views, staff_views

app_name = "experts"
urlpatterns = [
    # Committee staff.
    path("pool/", staff_views.pool_page, name="pool"),
    path("pool/<int:expert_id>/", staff_views.expert_page, name="expert"),
    path("meetings/", staff_views.meetings_page, name="meetings"),
    path("meetings/<int:meeting_id>/panel/", staff_views.panel_page, name="panel"),
    path("rechecks/", staff_views.rechecks_page, name="rechecks"),
    path("rechecks/<int:recheck_id>/", staff_views.recheck_decide, name="recheck_decide"),
    path("complaints/<int:complaint_id>/", staff_views.complaint_answer, name="complaint_answer"),
    # The expert.
    path("mine/", expert_views.mine, name="mine"),
    path("mine/<int:meeting_id>/", expert_views.review, name="review"),
    path("mine/<int:meeting_id>/decline/", expert_views.decline, name="decline"),
    path("mine/<int:meeting_id>/<int:app_id>/", expert_views.application, name="application"),
    path(
        "mine/<int:meeting_id>/<int:app_id>/files/<int:slotfile_id>/",
        expert_views.attachment,
        name="attachment",
    ),
    # Applicants (复查) and anyone signed in (投诉).
    path("rechecks/mine/", applicant_views.my_rechecks, name="my_rechecks"),
    path("rechecks/files/<int:file_id>/", applicant_views.recheck_file, name="recheck_file"),
    # Anyone, without an account (投诉, rate-limited).
    path("complaints/new/", public_views.complain, name="complain"),
]
