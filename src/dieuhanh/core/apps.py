from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dieuhanh.core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from . import (
            limits,
            security,  # noqa: F401  (registers the deployment checks)
        )

        limits.connect()
