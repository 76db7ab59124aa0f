from django.urls import path

app_name = "sysadmin"
urlpatterns: list = []
