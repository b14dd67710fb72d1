from django.urls import path

from mijlpaal.responsibilities import views

app_name = "responsibilities"

urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("cell/<slug:kind>/<int:row_id>/<int:party_id>/", views.cell, name="cell"),
    path("row/<slug:kind>/<int:row_id>/", views.row, name="row"),
    path("party/", views.party_pick, name="party_pick"),
    path("party/<int:party_id>/", views.party, name="party"),
    path("communication/", views.communication, name="communication"),
]
