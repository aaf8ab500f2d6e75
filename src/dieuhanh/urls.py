"""URL configuration: each app mounts its own pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dieuhanh.api.urls import api
from dieuhanh.core import params  # noqa: F401  (registers the <id:> and <year:> path converters)
from dieuhanh.core.health import health

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("dieuhanh.accounts.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("suc-khoe/", health, name="health"),
    path("phien-hop/", include("dieuhanh.meetings.urls")),
    path("nhiem-vu/", include("dieuhanh.directives.urls")),
    path("thong-bao/", include("dieuhanh.notices.urls")),
    path("tthc/", include("dieuhanh.tthc.urls")),
    path("cong-khai/", include("dieuhanh.portal.urls")),
    path("hop-thu-di/", include("dieuhanh.outbox.urls")),
    path("", include("dieuhanh.org.urls")),
    path("", include("dieuhanh.core.urls")),
]

handler400 = "dieuhanh.core.handlers.bad_request"
handler403 = "dieuhanh.core.handlers.permission_denied"
handler404 = "dieuhanh.core.handlers.page_not_found"
handler500 = "dieuhanh.core.handlers.server_error"
