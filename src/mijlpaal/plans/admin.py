from django.contrib import admin
from django.http import HttpRequest

from mijlpaal.plans import models


class PlanChildInline(admin.TabularInline):
    extra = 0


class MembershipInline(PlanChildInline):
    model = models.Membership


class WorkstreamInline(PlanChildInline):
    model = models.Workstream


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "start_date", "end_date", "region")
    search_fields = ("title", "organisation")
    inlines = (MembershipInline, WorkstreamInline)


@admin.register(models.Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "workstream", "deadline", "lead_time")
    list_filter = ("plan",)
    search_fields = ("title",)


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "workstream", "milestone", "phase", "domain")
    list_filter = ("plan",)


@admin.register(models.ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "plan", "object_type", "object_label", "action", "user")
    list_filter = ("object_type", "action")

    def has_change_permission(
        self, request: HttpRequest, obj: models.ChangeRecord | None = None
    ) -> bool:
        return False  # history is never edited

    def has_delete_permission(
        self, request: HttpRequest, obj: models.ChangeRecord | None = None
    ) -> bool:
        return False


for model in (
    models.Goal,
    models.Workstream,
    models.Party,
    models.Dependency,
    models.Invitation,
    models.Phase,
    models.Domain,
    models.ReportingPeriod,
    models.Membership,
):
    admin.site.register(model)
