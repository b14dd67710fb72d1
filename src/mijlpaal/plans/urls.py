from django.urls import include, path

from mijlpaal.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("upload/", views.plan_file_upload, name="upload"),
    path("<int:plan_id>/", views.plan_overview, name="overview"),
    path("<int:plan_id>/goals/", views.goal_list, name="goals"),
    path("<int:plan_id>/workstreams/", views.workstream_list, name="workstreams"),
    path("<int:plan_id>/parties/", views.party_list, name="parties"),
    path("<int:plan_id>/members/", views.member_list, name="members"),
    path("<int:plan_id>/members/<int:pk>/", views.member_change, name="member_change"),
    path(
        "<int:plan_id>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:plan_id>/history/", views.plan_history, name="history"),
    path("<int:plan_id>/settings/", views.plan_settings, name="settings"),
    path("<int:plan_id>/delete/", views.plan_delete, name="delete"),
    path("<int:plan_id>/calendar/", include("mijlpaal.plans.urls_closures")),
    path("<int:plan_id>/plan.yaml", views.plan_file_download, name="download"),
    path("<int:plan_id>/replace/", views.plan_file_replace, name="replace"),
    path(
        "<int:plan_id>/dependencies/<int:pk>/delete/",
        views.dependency_delete,
        name="dependency_delete",
    ),
    path("<int:plan_id>/<slug:kind_slug>/new/", views.item_new, name="item_new"),
    path("<int:plan_id>/<slug:kind_slug>/<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:plan_id>/<slug:kind_slug>/<int:pk>/row/", views.item_row, name="item_row"),
    path("<int:plan_id>/<slug:kind_slug>/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:plan_id>/<slug:kind_slug>/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path(
        "<int:plan_id>/<slug:kind_slug>/<int:pk>/move/<str:direction>/",
        views.item_move,
        name="item_move",
    ),
    path(
        "<int:plan_id>/<slug:kind_slug>/<int:pk>/dependencies/",
        views.dependency_add,
        name="dependency_add",
    ),
]
