from django.urls import path

from mijlpaal.indicators import views

app_name = "indicators"
urlpatterns = [
    path("goal/<int:goal_id>/", views.indicator_page, name="indicator"),
    path("goal/<int:goal_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("goal/<int:goal_id>/measurements/new/", views.measurement_new, name="measurement_new"),
    path(
        "goal/<int:goal_id>/measurements/<int:measurement_id>/correct/",
        views.measurement_correct,
        name="measurement_correct",
    ),
]
