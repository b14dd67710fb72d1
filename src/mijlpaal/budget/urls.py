from django.urls import path

from mijlpaal.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.budget_page, name="budget"),
    path("settings/", views.settings_edit, name="settings"),
    path("lines/new/", views.line_new, name="line_new"),
    path("lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("funding/new/", views.funding_new, name="funding_new"),
    path("funding/<int:funding_id>/edit/", views.funding_edit, name="funding_edit"),
    path("funding/<int:funding_id>/delete/", views.funding_delete, name="funding_delete"),
    path("realisation/", views.spending_log, name="log"),
    path("realisation/new/", views.spending_new, name="spending_new"),
    path(
        "realisation/<int:spending_id>/correct/",
        views.spending_correct,
        name="spending_correct",
    ),
]
