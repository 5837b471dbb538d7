"""The signed-in user's own API tokens (namespace "api_account")."""

from django.urls import path

from sentra.api import views

urlpatterns = [
    path("akun/token-api/", views.token_list, name="token_list"),
    path("akun/token-api/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
