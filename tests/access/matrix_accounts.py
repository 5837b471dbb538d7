"""Access to user management: admins only; refused writes change no user."""

from __future__ import annotations

from typing import Any

from sentra.accounts.models import User
from tests.access.spec import FORBIDDEN, LOGIN, OK, Case, World, every

ADMIN_ONLY = every(FORBIDDEN, anonymous=LOGIN, admin=OK)
ADMIN_WRITES = every(FORBIDDEN, anonymous=LOGIN, admin=302)


def extend_world(world: World) -> None:
    world.extra["accounts_target"] = User.objects.create_user(
        username="target", password="correct horse 42", role="analyst"
    )


def _users(w: World) -> Any:
    return list(User.objects.order_by("pk").values())


TARGETS = {
    "other": lambda w: w.extra["accounts_target"],
    "own": lambda w: w.users["owner_a"],
}

CASES: list[Case] = [
    Case("accounts:user_list", lambda w: "/pengguna/", ADMIN_ONLY),
    Case("accounts:user_create", lambda w: "/pengguna/baru/", ADMIN_ONLY),
    Case(
        "accounts:user_create",
        lambda w: "/pengguna/baru/",
        ADMIN_WRITES,
        method="POST",
        data=lambda w: {
            "username": "matriks.admin",
            "role": "admin",
            "is_active": "on",
            "password1": "gula aren manis 2018",
            "password2": "gula aren manis 2018",
        },
        snapshot=_users,
    ),
]

for _label, _pick in TARGETS.items():
    CASES += [
        Case(
            "accounts:user_edit",
            (lambda p: lambda w: f"/pengguna/{p(w).pk}/ubah/")(_pick),
            ADMIN_ONLY,
            label=_label,
        ),
        Case(
            "accounts:user_edit",
            (lambda p: lambda w: f"/pengguna/{p(w).pk}/ubah/")(_pick),
            ADMIN_WRITES,
            method="POST",
            data=(lambda p: lambda w: {"role": p(w).role, "is_active": "on", "first_name": "X"})(
                _pick
            ),
            snapshot=_users,
            label=_label,
        ),
        Case(
            "accounts:user_password",
            (lambda p: lambda w: f"/pengguna/{p(w).pk}/sandi/")(_pick),
            ADMIN_ONLY,
            label=_label,
        ),
    ]

# A reset password ends the target's sessions, so only the "other" target is reset here.
CASES.append(
    Case(
        "accounts:user_password",
        lambda w: f"/pengguna/{w.extra['accounts_target'].pk}/sandi/",
        ADMIN_WRITES,
        method="POST",
        data=lambda w: {"password1": "new battery staple 7", "password2": "new battery staple 7"},
        snapshot=_users,
        label="other",
    )
)
