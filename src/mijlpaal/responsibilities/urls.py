from django.urls import URLPattern

app_name = "responsibilities"

urlpatterns: list[URLPattern] = []
