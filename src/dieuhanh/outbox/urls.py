"""Pages of outgoing e-mail, under /hop-thu-di/."""

from django.urls import path

from . import views

app_name = "outbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<id:pk>/gui-lai/", views.message_retry, name="retry"),
]
