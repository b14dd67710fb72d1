from django.urls import URLPattern, path

from mijlpaal.monitoring import views_logbook

urlpatterns: list[URLPattern] = [
    path("logbook/", views_logbook.logbook, name="logbook"),
    path("logbook.xlsx", views_logbook.logbook_xlsx, name="logbook_xlsx"),
    path("logbook.csv", views_logbook.logbook_csv, name="logbook_csv"),
]
