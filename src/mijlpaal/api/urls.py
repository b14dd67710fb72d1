from django.urls import path

from mijlpaal.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_settings, name="settings"),
]
