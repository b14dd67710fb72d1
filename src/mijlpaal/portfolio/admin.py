"""Organisations are made by the site's administrator, who names the first beheerder; the
beheerder manages the rest on the organisation's own pages."""

from django.contrib import admin

from mijlpaal.portfolio import models


class MemberInline(admin.TabularInline):
    model = models.OrganisationMember
    extra = 1
    autocomplete_fields = ("user",)


class PlanInline(admin.TabularInline):
    model = models.OrganisationPlan
    extra = 0
    autocomplete_fields = ("plan",)


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = (MemberInline, PlanInline)
