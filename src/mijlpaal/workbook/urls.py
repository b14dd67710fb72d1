from django.urls import path

from mijlpaal.workbook import views

app_name = "workbook"

urlpatterns = [
    path("mijlpaal.xlsx", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pending_id>/", views.import_preview, name="preview"),
]
