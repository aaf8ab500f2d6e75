from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TthcConfig(AppConfig):
    name = "dieuhanh.tthc"
    verbose_name = _("Thủ tục hành chính")
