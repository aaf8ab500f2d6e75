"""Pages of assigned directives, under /nhiem-vu/."""

from django.urls import path

from . import views, views_dashboard

app_name = "directives"
urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("giao-moi/", views.directive_create, name="create"),
    path("bang-dieu-hanh/", views_dashboard.dashboard, name="dashboard"),
    path("bang-dieu-hanh/theo-thang/", views_dashboard.dashboard_trend, name="trend"),
    path("don-vi/<str:code>/", views_dashboard.unit_queue, name="unit"),
    path("phien-hop/<id:meeting_id>/", views_dashboard.meeting_progress, name="meeting"),
    path("bao-cao/", views_dashboard.report, name="report"),
    path("quy-tac-nhac/", views_dashboard.reminder_rules, name="rules"),
    path("lich/", views_dashboard.calendar_page, name="calendar"),
    path("lich/<str:token>.ics", views_dashboard.calendar_feed, name="ical"),
    path("thong-bao/", views_dashboard.notifications, name="notifications"),
    path("thong-bao/da-doc/", views_dashboard.notifications_read, name="notifications_read"),
    path("tep/<id:pk>/", views.attachment_download, name="attachment"),
    path("<id:pk>/", views.assignment_detail, name="detail"),
    path("<id:pk>/thao-tac/", views.assignment_action, name="action"),
    path("<id:pk>/lich-su/", views.assignment_history, name="history"),
]
