from django.urls import URLPattern, path

from mijlpaal.monitoring import views_evaluations

urlpatterns: list[URLPattern] = [
    path("evaluations/", views_evaluations.evaluations, name="evaluations"),
    path("evaluations/<int:evaluation_id>/", views_evaluations.evaluation, name="evaluation"),
]
