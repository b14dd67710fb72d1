from django.urls import path

from mijlpaal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("final/", views.report, name="final"),
    path("final/edit/", views.report_edit, name="final_edit"),
    path("final/submit/", views.report_submit, name="final_submit"),
    path("final/reopen/", views.report_reopen, name="final_reopen"),
    path("final/report.docx", views.report_docx_download, name="final_docx"),
    path("final/report.pdf", views.report_pdf_download, name="final_pdf"),
    path("period/<int:period_id>/", views.report, name="report"),
    path("period/<int:period_id>/edit/", views.report_edit, name="report_edit"),
    path("period/<int:period_id>/submit/", views.report_submit, name="report_submit"),
    path("period/<int:period_id>/reopen/", views.report_reopen, name="report_reopen"),
    path("period/<int:period_id>/report.docx", views.report_docx_download, name="report_docx"),
    path("period/<int:period_id>/report.pdf", views.report_pdf_download, name="report_pdf"),
]
