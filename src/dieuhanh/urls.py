"""URL configuration: each app mounts its own pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dieuhanh.core.urls")),
]
