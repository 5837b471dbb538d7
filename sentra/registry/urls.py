"""Registry URL patterns (namespace "registry"): reading pages and editing pages."""

from django.urls import URLPattern

from sentra.registry.urls_read import urlpatterns as read_patterns
from sentra.registry.urls_write import urlpatterns as write_patterns

urlpatterns: list[URLPattern] = [*read_patterns, *write_patterns]
