"""Login (throttled). The admins' user-management pages are `sentra.staff`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from sentra.accounts.forms import ThrottledAuthenticationForm
from sentra.accounts.middleware import session_start


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        session_start(self.request)
        return response
