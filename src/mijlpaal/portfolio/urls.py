from django.urls import path

from mijlpaal.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:organisation_id>/", views.portfolio, name="portfolio"),
    path("<int:organisation_id>/portfolio.xlsx", views.portfolio_xlsx, name="xlsx"),
    path("<int:organisation_id>/trend.svg", views.trend_svg, name="trend_svg"),
    path("<int:organisation_id>/manage/", views.manage, name="manage"),
    path(
        "<int:organisation_id>/members/<int:member_id>/",
        views.member_change,
        name="member_change",
    ),
    path(
        "<int:organisation_id>/plans/<int:entry_id>/remove/", views.plan_remove, name="plan_remove"
    ),
]
