from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "dieuhanh.org"
    verbose_name = _("Cơ quan, đơn vị và cán bộ")
