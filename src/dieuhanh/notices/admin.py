"""Admin for notices: an issued notice is read only (its text, number, date and signer are fixed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Delivery, Notice, NoticeSettings, NumberingSeries, OutgoingEntry


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issuer", "status", "issued_on", "is_public"]
    list_filter = ["status", "is_public"]
    search_fields = ["title", "search_text"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.is_issued:
            return [f.name for f in Notice._meta.fields]
        return ["status", "number", "year", "issued_on", "docx_file", "pdf_file", "sha256"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_issued


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(admin.ModelAdmin):
    list_display = ["issuer", "numbering_mode", "signer_authority", "signer_title"]


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(admin.ModelAdmin):
    list_display = ["issuer", "key", "year", "last_number"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutgoingEntry)
class OutgoingEntryAdmin(admin.ModelAdmin):
    list_display = ["number_symbol", "issued_on", "title", "signer_name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(Delivery)
