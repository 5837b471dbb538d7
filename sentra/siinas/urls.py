"""SIINas pages (namespace "siinas")."""

from django.urls import path

from sentra.siinas import views

urlpatterns = [
    path("siinas/", views.worklist, name="worklist"),
    path("siinas/impor/", views.import_list, name="import"),
    path("siinas/target/", views.target_set, name="target"),
    path("siinas/ekstrak-<int:year>.xlsx", views.extract_download, name="extract"),
    path("siinas/unit/<int:pk>/", views.unit_record, name="unit_record"),
]
