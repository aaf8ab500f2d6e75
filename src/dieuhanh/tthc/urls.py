from django.urls import path

from . import views

app_name = "tthc"
urlpatterns = [
    path("", views.index, name="index"),
    path("thong-ke/", views.stats, name="stats"),
    path("xep-hang/", views.ranking, name="ranking"),
    path("xep-hang/<str:period>/don-doc/<str:code>/", views.follow_up, name="follow_up"),
    path("cong-khai/<str:period>/", views.publish, name="publish"),
    path("bao-cao/<str:period>.docx", views.report_docx, name="report"),
    path("ban-tin/<str:period>.<str:fmt>", views.bulletin_file, name="bulletin"),
    path("nhap/", views.import_file, name="import"),
    path("nhap/<id:pk>/", views.job, name="job"),
    path("nguon/", views.sources, name="sources"),
    path("nguon/moi/", views.source_edit, name="source_new"),
    path("nguon/<id:pk>/", views.source_edit, name="source_edit"),
]
