from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/xuat.<str:fmt>", views.unit_export, name="unit_export"),
    path("don-vi/nhap/", views.unit_import, name="unit_import"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/xuat.<str:fmt>", views.person_export, name="person_export"),
    path("can-bo/nhap/", views.person_import, name="person_import"),
]
