from django.urls import path

from . import import_views, views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("den/", views.inbox, name="inbox"),
    path("nhap/", import_views.import_notice, name="import"),
    path("so-van-ban-di/", views.register, name="register"),
    path("soan-tu-phien-hop/<id:meeting_id>/", views.draft_from_meeting, name="draft_from_meeting"),
    path("<id:pk>/", views.notice_detail, name="detail"),
    path("<id:pk>/tep.<str:kind>", views.notice_file, name="file"),
]
