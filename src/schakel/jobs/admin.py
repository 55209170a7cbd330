from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only history. Deleting a failed run lets the job run again in that period."""

    list_display = ["name", "period_key", "outcome", "attempts", "started_at", "finished_at"]
    list_filter = ["outcome", "name"]
    search_fields = ["name", "period_key"]
    readonly_fields = ["name", "period_key", "outcome", "attempts", "started_at", "finished_at", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
