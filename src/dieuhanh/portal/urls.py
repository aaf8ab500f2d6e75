from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.notice_list, name="notices"),
    path("thong-bao/<int:pk>/", views.notice_detail, name="notice"),
    path("thong-bao.atom", views.NoticeFeed(), name="feed"),
]
