from django.urls import path

from api import views as api_views
from audit import views as audit_views
from sysadmin import eligibility_views, views

app_name = "sysadmin"
urlpatterns = [
    path("", views.index, name="index"),
    path("committees/", views.committees, name="committees"),
    path("committees/new/", views.committee_edit, name="committee_create"),
    path("committees/<int:pk>/", views.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/fees/", views.committee_fees, name="committee_fees"),
    path("committees/<int:pk>/scopes/", views.committee_scopes, name="committee_scopes"),
    path("regions/", views.regions, name="regions"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rename/", views.unit_rename, name="unit_rename"),
    path("users/", views.users, name="users"),
    path("conditions/", views.conditions, name="conditions"),
    path("conditions/<int:pk>/", views.condition_edit, name="condition_edit"),
    path("committees/<int:pk>/windows/", views.windows, name="windows"),
    path("committees/<int:pk>/windows/new/", views.window_edit, name="window_create"),
    path("windows/<int:window_pk>/", views.window_edit, name="window_edit"),
    path("windows/<int:window_pk>/delete/", views.window_delete, name="window_delete"),
    path("committees/<int:pk>/chains/", views.chains, name="chains"),
    path("committees/<int:pk>/chains/<str:business_type>/", views.chain_edit, name="chain_edit"),
    path("departments/", views.departments, name="departments"),
    path("departments/new/", views.department_edit, name="department_create"),
    path("departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("templates/<int:pk>/sections/new/", views.section_edit, name="section_create"),
    path("templates/<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<str:kind>/new/", views.catalogue_edit, name="catalogue_create"),
    path("catalogue/<str:kind>/<int:item_pk>/", views.catalogue_edit, name="catalogue_edit"),
    path("eligibility/", eligibility_views.rules, name="eligibility_rules"),
    path("eligibility/copy/", eligibility_views.rules_copy, name="eligibility_rules_copy"),
    path(
        "eligibility/<int:series_pk>/<int:level>/<int:year>/",
        eligibility_views.rule_edit,
        name="eligibility_rule_edit",
    ),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("api-tokens/", api_views.tokens, name="api_tokens"),
    path("api-tokens/new/", api_views.token_create, name="api_token_create"),
    path("api-tokens/<int:token_id>/revoke/", api_views.token_revoke, name="api_token_revoke"),
]
