from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("pay/<int:app_id>/", views.pay, name="pay"),
    path("orders/", views.orders, name="orders"),
    path("orders/generate/", views.generate, name="generate"),
    path("orders/<int:order_id>/confirm/", views.confirm, name="confirm"),
    path("orders/<int:order_id>/refund/", views.refund, name="refund"),
    path("account/", views.account, name="account"),
    path("notify/<slug:gateway>/", views.notify, name="notify"),
]
