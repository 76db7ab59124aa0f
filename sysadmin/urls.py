from django.urls import path

from sysadmin import views

app_name = "sysadmin"
urlpatterns = [
    path("", views.index, name="index"),
    path("committees/", views.committees, name="committees"),
    path("committees/new/", views.committee_edit, name="committee_create"),
    path("committees/<int:pk>/", views.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/fees/", views.committee_fees, name="committee_fees"),
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
]
