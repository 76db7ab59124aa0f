from django.urls import path

from accounts import language, two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("register/applicant/", views.register_applicant, name="register_applicant"),
    path("register/unit/", views.register_unit, name="register_unit"),
    path("region/", views.switch_region, name="switch_region"),
    path("language/", language.switch_language, name="switch_language"),
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("id-card/", views.id_card_scan, name="id_card_scan"),
    # Second factor (docs/adr/0018-two-factor-sign-in.md).
    path("login/verify/", two_factor_views.login_verify, name="login_verify"),
    path("two-factor/", two_factor_views.manage, name="two_factor"),
    path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_codes"),
    path("two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("two-factor/staff/", two_factor_views.staff, name="two_factor_staff"),
    path("two-factor/staff/<int:pk>/", two_factor_views.staff_reset, name="two_factor_reset"),
]
