"""Statistics pages (namespace "insights")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
