from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "dieuhanh.annotations"
    verbose_name = _("Mẫu đã hiệu đính")
