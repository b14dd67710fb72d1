from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from mijlpaal.accounts import views as account_views
from mijlpaal.accounts.password_reset import QueuedPasswordResetView
from mijlpaal.api.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:list", permanent=False), name="home"),
    path("plans/", include("mijlpaal.plans.urls")),
    path("plans/<int:plan_id>/veri/", include("mijlpaal.responsibilities.urls")),
    path("plans/<int:plan_id>/charts/", include("mijlpaal.charts.urls")),
    path("plans/<int:plan_id>/workbook/", include("mijlpaal.workbook.urls")),
    path("plans/<int:plan_id>/monitoring/", include("mijlpaal.monitoring.urls")),
    path("plans/<int:plan_id>/decisions/", include("mijlpaal.decisions.urls")),
    path("plans/<int:plan_id>/indicators/", include("mijlpaal.indicators.urls")),
    path("plans/<int:plan_id>/msproject/", include("mijlpaal.msproject.urls")),
    path("plans/<int:plan_id>/reports/", include("mijlpaal.reports.urls")),
    path("plans/<int:plan_id>/budget/", include("mijlpaal.budget.urls")),
    path("plans/import-workbook/", include("mijlpaal.workbook.urls_new")),
    path("organisations/", include("mijlpaal.portfolio.urls")),
    path("account/notifications/", include("mijlpaal.monitoring.urls_account")),
    path("", include("mijlpaal.feeds.urls")),
    path("account/api-tokens/", include("mijlpaal.api.urls")),
    path("api/v1/", api.urls),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", QueuedPasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("mijlpaal.operations.urls")),
]
