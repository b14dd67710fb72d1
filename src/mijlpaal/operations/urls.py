from django.urls import path

from mijlpaal.operations import views

app_name = "operations"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy_statement, name="privacy"),
    path("account/data/", views.my_data, name="my_data"),
    path("account/data/mijlpaal-data.zip", views.my_data_download, name="my_data_download"),
]
