"""Importing a workbook as a new plan: no plan_id yet."""

from django.urls import path

from mijlpaal.workbook import views

app_name = "workbook_new"

urlpatterns = [
    path("", views.new_upload, name="upload"),
    path("<int:pending_id>/", views.new_preview, name="preview"),
]
