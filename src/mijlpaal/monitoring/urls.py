from django.urls import include, path

from mijlpaal.monitoring import views, views_signoff

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/<str:show>/", views.status_list, name="status_list"),
    path("update/", views.entry_new, name="entry_new_plan"),
    path("update/<str:target>/<int:target_id>/", views.entry_new, name="entry_new"),
    path("correct/<int:entry_id>/", views.entry_correct, name="entry_correct"),
    path("sign-off/<int:awaiting_id>/", views_signoff.sign_off, name="sign_off"),
    path("", include("mijlpaal.monitoring.urls_logbook")),
    path("", include("mijlpaal.monitoring.urls_trend")),
    path("", include("mijlpaal.monitoring.urls_evaluations")),
]
