"""Django admin for the TTHC app: the procedure catalogue (time limits) and, read only, imports and publications."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import FollowUp, ImportJob, ImportSource, Procedure, Publication


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "time_limit_working_days"]
    list_editable = ["time_limit_working_days"]
    search_fields = ["code", "name", "field"]
    list_filter = ["field"]


@admin.register(ImportSource)
class ImportSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "default_unit", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the services only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "filename",
        "source",
        "status",
        "rows",
        "inserted",
        "updated",
        "error_count",
    ]
    list_filter = ["status"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["period", "issuer", "published_at"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["period", "unit", "late_rate", "directive", "created_at"]
