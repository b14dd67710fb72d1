from django.urls import path

from mijlpaal.decisions import views

app_name = "decisions"

urlpatterns = [
    path("roles/", views.roles, name="roles"),
]
