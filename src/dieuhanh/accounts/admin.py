from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import SignInEvent


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    """The sign-in history, read only."""

    list_display = ["at", "username", "succeeded", "method", "ip_address"]
    list_filter = ["succeeded", "method"]
    search_fields = ["username", "ip_address", "user_agent"]
    readonly_fields = [f.name for f in SignInEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
