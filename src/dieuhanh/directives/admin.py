"""Django admin: reminder rules per issuing body are configured here; follow-up records are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Assignment, Directive, ReminderLog, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["issuer", "offset_days", "escalation", "active"]
    list_filter = ["issuer", "active"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["unit", "directive", "issued_on", "deadline", "done_on", "closed_on"]
    list_select_related = ["unit", "directive"]
    search_fields = ["directive__text", "unit__name", "source_label"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnly):
    list_display = ["assignment", "offset_days", "due_on", "fired_on", "escalation"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnly):
    list_display = ["text", "issuer", "meeting", "kind", "deadline", "ongoing"]
    search_fields = ["text"]
