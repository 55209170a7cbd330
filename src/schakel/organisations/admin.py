"""Django admin for reference data: an administrator edits regions, members and closing days here.

Schakel's own administration pages are the main way in; this admin keeps every reference table
reachable for a functional administrator. Demo flags are shown, never editable.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ClosingDay, Municipality, Organisation, PopulationFigure, Region, RegionMember


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0
    fields = ["reference_date", "inhabitants", "source"]


class RegionMemberInline(admin.TabularInline):
    model = RegionMember
    extra = 0
    autocomplete_fields = ["municipality"]


class ClosingDayInline(admin.TabularInline):
    model = ClosingDay
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "province", "region_name", "active"]
    list_filter = ["active", "province", "region_membership__region"]
    search_fields = ["name", "cbs_code"]
    ordering = ["name"]
    inlines = [PopulationFigureInline]

    @admin.display(description=_("regio"), ordering="region_membership__region__name")
    def region_name(self, obj):
        membership = getattr(obj, "region_membership", None)
        return membership.region.name if membership else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region_membership__region")


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ["municipality", "reference_date", "inhabitants", "source"]
    list_filter = ["reference_date", "source"]
    search_fields = ["municipality__name", "municipality__cbs_code"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count", "first_reaction_days", "triage_days", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["is_demo"]
    inlines = [RegionMemberInline, ClosingDayInline]

    @admin.display(description=_("aantal gemeenten"))
    def member_count(self, obj):
        return obj.members.count()


@admin.register(RegionMember)
class RegionMemberAdmin(admin.ModelAdmin):
    list_display = ["municipality", "region"]
    list_filter = ["region"]
    search_fields = ["municipality__name", "municipality__cbs_code", "region__name"]
    autocomplete_fields = ["municipality", "region"]
    list_select_related = ["municipality", "region"]


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "region", "description"]
    list_filter = ["region"]
    date_hierarchy = "date"
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region", "active", "is_demo"]
    list_filter = ["kind", "active", "is_demo", "region"]
    search_fields = ["name", "municipality__name", "municipality__cbs_code"]
    autocomplete_fields = ["municipality", "region"]
    readonly_fields = ["is_demo"]
    list_select_related = ["municipality", "region"]
