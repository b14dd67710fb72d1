from django.contrib import admin

from mijlpaal.responsibilities.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("plan", "party", "workstream", "milestone", "activity", "letters")
    list_filter = ("plan",)
    search_fields = ("party__name", "workstream__name", "milestone__title", "activity__title")
    raw_id_fields = ("plan", "party", "workstream", "milestone", "activity")
