from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("tao/", views.meeting_create, name="create"),
    path("chuong-trinh/<year:year>/", views.programme_view, name="programme"),
    path("<id:pk>/", views.meeting_detail, name="detail"),
    path("<id:pk>/thao-tac/", views.meeting_action, name="action"),
    path("<id:pk>/thu-ky/", views.secretary, name="secretary"),
    path("<id:pk>/noi-dung/<id:item_id>/", views.item_panel, name="item"),
    path("<id:pk>/bieu-quyet/", views.my_votes, name="vote"),
    path("<id:pk>/bien-ban.docx", views.minutes_download, name="minutes"),
    path("<id:pk>/bieu-quyet.csv", views.votes_download, name="votes_csv"),
]
