from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("tao/", views.meeting_create, name="create"),
    path("chuong-trinh/<int:year>/", views.programme_view, name="programme"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/thao-tac/", views.meeting_action, name="action"),
    path("<int:pk>/thu-ky/", views.secretary, name="secretary"),
    path("<int:pk>/noi-dung/<int:item_id>/", views.item_panel, name="item"),
    path("<int:pk>/bieu-quyet/", views.my_votes, name="vote"),
    path("<int:pk>/bien-ban.docx", views.minutes_download, name="minutes"),
    path("<int:pk>/bieu-quyet.csv", views.votes_download, name="votes_csv"),
]
