"""/units/: a unit administrator's own unit and hr_admin's 疑似重复单位. The URL names keep the
`orgs` namespace they always had; the views live here, above `accounts` (ADR 0029)."""

from django.urls import path

from sysadmin.views import unit_pages

app_name = "orgs"
urlpatterns = [
    path("", unit_pages.unit, name="unit"),
    path("complete/", unit_pages.unit_complete, name="unit_complete"),
    path("rename/", unit_pages.unit_rename, name="unit_rename"),
    path("recommenders/", unit_pages.unit_recommenders, name="unit_recommenders"),
    path("<int:pk>/licence/", unit_pages.licence, name="licence"),
    path("similar/", unit_pages.similar_units, name="similar_units"),
    path("similar/<int:pk>/resolve/", unit_pages.similar_unit_resolve, name="similar_unit_resolve"),
]
