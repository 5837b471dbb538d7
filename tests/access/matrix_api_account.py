"""Access to a signed-in user's own "Token API" page: everyone signed in manages their own
tokens; another user's token answers 404."""

from __future__ import annotations

from typing import Any

from sentra.api.models import ApiToken
from sentra.core.actors import SystemActor
from tests.access.spec import LOGIN, NOT_FOUND, OK, Case, World, every


def extend_world(world: World) -> None:
    from sentra.api.services import api_token_create

    world.extra["owner_a_token"] = api_token_create(
        actor=SystemActor("test"), user=world.users["owner_a"], name="skrip", scope="read"
    ).token


def _revoked(w: World) -> Any:
    return list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))


CASES = [
    Case("api_account:token_list", lambda w: "/akun/token-api/", every(OK, anonymous=LOGIN)),
    Case(
        "api_account:token_list",
        lambda w: "/akun/token-api/",
        every(OK, anonymous=LOGIN),
        method="POST",
        data=lambda w: {"name": "skrip", "scope": "read", "days": 30},
        label="create",
    ),
    Case(
        "api_account:token_revoke",
        lambda w: f"/akun/token-api/{w.extra['owner_a_token'].pk}/cabut/",
        every(NOT_FOUND, anonymous=LOGIN, owner_a=302),
        method="POST",
        snapshot=_revoked,
    ),
]
