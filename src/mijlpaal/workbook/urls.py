from django.urls import URLPattern

app_name = "workbook"

urlpatterns: list[URLPattern] = []
