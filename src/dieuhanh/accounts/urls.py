from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("xac-thuc/", views.verify, name="verify"),
    path("hai-lop/dang-ky/", views.enrol, name="enrol"),
    path("hai-lop/ma-du-phong/", views.recovery_codes, name="recovery_codes"),
    path("doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("lich-su-dang-nhap/", views.sign_in_history, name="sign_in_history"),
]
