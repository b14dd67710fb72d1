from django.urls import path

from mijlpaal.decisions import views, views_baselines, views_pdf

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="decisions"),
    path("roles/", views.roles, name="roles"),
    path("baselines/", views_baselines.baselines, name="baselines"),
    path("baselines/<int:baseline_id>/", views_baselines.baseline, name="baseline"),
    path("new/<slug:target>/<int:target_id>/", views.document_new, name="document_new"),
    path("document/<int:document_id>/", views.document, name="document"),
    path("document/<int:document_id>/edit/", views.document_edit, name="document_edit"),
    path("document/<int:document_id>/parts/", views.document_parts, name="document_parts"),
    path("document/<int:document_id>/submit/", views.document_submit, name="document_submit"),
    path("document/<int:document_id>/revise/", views.document_revise, name="document_revise"),
    path("document/<int:document_id>/decide/", views.document_decide, name="document_decide"),
    path(
        "document/<int:document_id>/beslisdocument.docx", views.document_docx, name="document_docx"
    ),
    path(
        "document/<int:document_id>/beslisdocument.pdf", views_pdf.document_pdf, name="document_pdf"
    ),
]
