"""Importing a workbook as a new plan: no plan_id yet."""

from django.urls import URLPattern

app_name = "workbook_new"

urlpatterns: list[URLPattern] = []
