"""Django admin for the registry: units are retired, never deleted; changes are audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.core import audit

from .models import CommitteeMembership, Person, Unit, UnitAlias, UnitGroup, UnitName
from .services import UNIT_FIELDS


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["text"]


class FormerNameInline(admin.TabularInline):
    model = UnitName
    extra = 0
    fields = ["name", "short_name", "valid_from", "valid_to", "note"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "issuer", "valid_from", "valid_to"]
    list_filter = ["kind", "level", "is_issuer"]
    search_fields = ["code", "name", "short_name", "aliases__text"]
    autocomplete_fields = ["parent", "issuer", "successor"]
    inlines = [AliasInline, FormerNameInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        before = audit.snapshot(Unit.objects.get(pk=obj.pk), UNIT_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, UNIT_FIELDS)
        b, a = audit.diff(before or {}, after)
        audit.record(
            actor=request.user, action="unit.update" if change else "unit.create", obj=obj, before=b, after=a
        )


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["key", "issuer"]
    filter_horizontal = ["members"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "unit", "role", "user", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["full_name", "title", "unit__name", "user__username"]
    autocomplete_fields = ["unit", "user"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "committee", "start", "end"]
    list_filter = ["role"]
