"""Registry URL patterns, included by sentra/registry/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
