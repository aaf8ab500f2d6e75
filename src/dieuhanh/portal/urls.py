from django.urls import path

from dieuhanh.tthc import public as tthc

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.notice_list, name="notices"),
    path("thong-bao/<id:pk>/", views.notice_detail, name="notice"),
    path("thong-bao.atom", views.NoticeFeed(), name="feed"),
    path("kiem-tra-chu-ky/", views.verify_signature, name="verify"),
    path("tthc/", tthc.index, name="tthc"),
    path("tthc/<str:period>.csv", tthc.open_data_csv, name="tthc_csv"),
    path("tthc/<str:period>.json", tthc.open_data_json, name="tthc_json"),
    path("tthc/<str:period>/ban-tin.txt", tthc.bulletin_text, name="tthc_bulletin"),
    path("tthc/<str:period>/", tthc.period_page, name="tthc_period"),
]
