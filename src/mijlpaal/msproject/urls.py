from django.urls import path

from mijlpaal.msproject import views

app_name = "msproject"
urlpatterns = [
    path("plan.xml", views.export, name="export"),
    path("import/", views.upload, name="upload"),
]
