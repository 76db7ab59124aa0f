from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("register/applicant/", views.register_applicant, name="register_applicant"),
    path("register/unit/", views.register_unit, name="register_unit"),
    path("region/", views.switch_region, name="switch_region"),
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("id-card/", views.id_card_scan, name="id_card_scan"),
]
