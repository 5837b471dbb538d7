"""The "Token API" page: a signed-in user lists, creates and revokes their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sentra.api.forms import TokenForm
from sentra.api.models import ApiToken
from sentra.api.services import api_token_create, api_token_revoke


@never_cache  # the page shows a new token once: no cache may keep it
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user_id=int(request.user.pk or 0))
    tokens = tokens.order_by("-created_at", "-id")
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "issued": issued},
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the token's own user revokes it here; another user's token answers 404."""
    token = get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": token.prefix})
    return redirect("api_account:token_list")
