"""Calendar feeds: the secret subscription addresses, the member's settings page, and a plan's
one-off .ics download (under the plan, so the access sweep walks it)."""

from django.urls import path

from mijlpaal.feeds import views

app_name = "feeds"

urlpatterns = [
    path("feeds/<str:token>/all.ics", views.feed_all, name="all"),
    path("feeds/<str:token>/plans/<int:plan_id>.ics", views.feed_plan, name="plan"),
    path("plans/<int:plan_id>/calendar.ics", views.plan_download, name="download"),
    path("account/calendar/", views.feed_settings, name="settings"),
]
