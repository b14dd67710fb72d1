from django.urls import path

from mijlpaal.monitoring import views_account

app_name = "notifications"

urlpatterns = [
    path("", views_account.notification_settings, name="settings"),
]
