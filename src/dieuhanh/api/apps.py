from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dieuhanh.api"
    verbose_name = "API"
