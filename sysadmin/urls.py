"""/system/: 系统设置 for hr_admin. The 接口令牌 pages under /system/api-tokens/ are the api
app's own (`api.token_urls`, included from the root URLconf), so that this app does not
import the one above it (ADR 0029)."""

from django.urls import path

from accounts import audit_views
from sysadmin import eligibility_views
from sysadmin.views import base, catalogue, committees, units

app_name = "sysadmin"
urlpatterns = [
    path("", base.index, name="index"),
    path("committees/", committees.committees, name="committees"),
    path("committees/new/", committees.committee_edit, name="committee_create"),
    path("committees/<int:pk>/", committees.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/fees/", committees.committee_fees, name="committee_fees"),
    path("committees/<int:pk>/scopes/", committees.committee_scopes, name="committee_scopes"),
    path("regions/", units.regions, name="regions"),
    path("units/", units.units, name="units"),
    path("units/<int:pk>/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rename/", units.unit_rename, name="unit_rename"),
    path("users/", units.users, name="users"),
    path("conditions/", catalogue.conditions, name="conditions"),
    path("conditions/<int:pk>/", catalogue.condition_edit, name="condition_edit"),
    path("committees/<int:pk>/windows/", committees.windows, name="windows"),
    path("committees/<int:pk>/windows/new/", committees.window_edit, name="window_create"),
    path("windows/<int:window_pk>/", committees.window_edit, name="window_edit"),
    path("windows/<int:window_pk>/delete/", committees.window_delete, name="window_delete"),
    path("committees/<int:pk>/chains/", committees.chains, name="chains"),
    path(
        "committees/<int:pk>/chains/<str:business_type>/",
        committees.chain_edit,
        name="chain_edit",
    ),
    path("departments/", committees.departments, name="departments"),
    path("departments/new/", committees.department_edit, name="department_create"),
    path("departments/<int:pk>/", committees.department_edit, name="department_edit"),
    path("templates/", catalogue.templates, name="templates"),
    path("templates/new/", catalogue.template_create, name="template_create"),
    path("templates/<int:pk>/", catalogue.template_detail, name="template"),
    path("templates/<int:pk>/copy/", catalogue.template_copy, name="template_copy"),
    path("templates/<int:pk>/sections/new/", catalogue.section_edit, name="section_create"),
    path(
        "templates/<int:pk>/sections/<int:section_pk>/",
        catalogue.section_edit,
        name="section_edit",
    ),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/<str:kind>/new/", catalogue.catalogue_edit, name="catalogue_create"),
    path("catalogue/<str:kind>/<int:item_pk>/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("eligibility/", eligibility_views.rules, name="eligibility_rules"),
    path("eligibility/copy/", eligibility_views.rules_copy, name="eligibility_rules_copy"),
    path(
        "eligibility/<int:series_pk>/<int:level>/<int:year>/",
        eligibility_views.rule_edit,
        name="eligibility_rule_edit",
    ),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
]
