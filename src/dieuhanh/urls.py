"""URL configuration: each app mounts its own pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dieuhanh.api.urls import api
from dieuhanh.core.health import health

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("suc-khoe/", health, name="health"),
    path("phien-hop/", include("dieuhanh.meetings.urls")),
    path("nhiem-vu/", include("dieuhanh.directives.urls")),
    path("thong-bao/", include("dieuhanh.notices.urls")),
    path("tthc/", include("dieuhanh.tthc.urls")),
    path("cong-khai/", include("dieuhanh.portal.urls")),
    path("", include("dieuhanh.org.urls")),
    path("", include("dieuhanh.core.urls")),
]
