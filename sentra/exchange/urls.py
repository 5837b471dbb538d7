"""URL patterns of this app (namespace set in sentra/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
