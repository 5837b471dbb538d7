"""Login and logout (un-namespaced names "login" and "logout")."""

from django.contrib.auth import views as auth_views
from django.urls import path

from sentra.accounts.views import LoginView

urlpatterns = [
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
