from django.urls import path

app_name = "recovery"
urlpatterns: list = []
