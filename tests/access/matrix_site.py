"""Access to the public site, login, logout and the language switch."""

from __future__ import annotations

from tests.access.spec import OK, Case, every

CASES = [
    Case("home", lambda w: "/", every(OK)),
    Case("login", lambda w: "/masuk/", every(OK)),
    Case("logout", lambda w: "/keluar/", every(302), method="POST"),
    Case(
        "set_language",
        lambda w: "/i18n/setlang/",
        every(302),
        method="POST",
        data=lambda w: {"language": "en", "next": "/"},
    ),
]
