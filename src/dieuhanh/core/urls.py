from django.urls import path

from . import audit_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", audit_views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.csv", audit_views.audit_export, name="audit_export"),
]
