"""Public statistics pages."""

from django.urls import path

from sentra.insights import views

urlpatterns = [
    path("", views.home, name="home"),
]
