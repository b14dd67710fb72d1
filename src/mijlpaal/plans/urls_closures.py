"""The school calendar of a plan, under /plans/<plan_id>/calendar/ in the `plans` namespace."""

from django.urls import path

from mijlpaal.plans import views_closures as views

urlpatterns = [
    path("", views.closure_list, name="closures"),
    path("new/", views.closure_new, name="closure_new"),
    path("import/", views.closure_import, name="closure_import"),
    path("<int:pk>/edit/", views.closure_edit, name="closure_edit"),
    path("<int:pk>/delete/", views.closure_delete, name="closure_delete"),
]
