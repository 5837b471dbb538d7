"""`sentra api-token --user USERNAME [--scope read|write] [--days N] [--name NAME]`: print a
new API token for scripts. The token is the last word printed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.api.models import TokenScope
from sentra.api.services import DEFAULT_DAYS, api_token_create
from sentra.core.actors import SystemActor


class Command(BaseCommand):
    help = "Create an API token for a user and print it (the last word of the output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="Username")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="Days until expiry")
        parser.add_argument("--name", default="sentra api-token", help="A name to recognise it")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna {options['user']} tidak ada.")
        try:
            issued = api_token_create(
                actor=SystemActor("sentra api-token"),
                user=user,
                name=options["name"],
                scope=options["scope"],
                days=options["days"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        token = issued.token
        self.stderr.write(
            f"Token {token.prefix}… untuk {user.get_username()} ({token.scope}), berlaku sampai "
            f"{token.expires_at:%Y-%m-%d}. Simpan sekarang: Sentra tidak menyimpannya."
        )
        self.stdout.write(issued.raw)
