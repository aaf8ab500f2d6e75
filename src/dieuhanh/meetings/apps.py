from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "dieuhanh.meetings"
    verbose_name = _("Phiên họp UBND")
