"""The access matrix: every URL pattern × persona × object, with the expected status.

Each app owns one file `tests/access/matrix_<app>.py` defining `CASES` (and, if its URLs need
objects of its own, `def extend_world(world: World) -> None`). `test_access_matrix.py` runs
every case for every persona and fails when a URL pattern has no case at all.

API cases (`api=True`) call with each persona's API token (`Authorization: Bearer`, made by
`tests/access/matrix_api.py`) instead of a session; anonymous calls send no token (401).

Personas: anonymous, admin, analyst, officer_rangkasbitung, officer_bayah, owner_a, owner_b,
koperasi (the market's cooperative) and partner (the women's-empowerment office).
The world: owner A's unit in Rangkasbitung ("own" for owner A), owner B's unit in Rangkasbitung
(same kecamatan as A's, another owner) and owner B's unit in Bayah (another kecamatan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "admin",
    "analyst",
    "officer_rangkasbitung",
    "officer_bayah",
    "owner_a",
    "owner_b",
    "koperasi",  # the partner cooperative (issue 11)
    "partner",  # the province's women's-empowerment office (issue 11)
)

# Shorthands for the usual expectations.
LOGIN = 302  # anonymous users are sent to the login page
UNAUTHORIZED = 401  # API calls without a token
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404  # objects outside the user's scope answer 404


@dataclass
class World:
    users: dict[str, Any]
    unit_a_rangkasbitung: Any
    unit_b_rangkasbitung: Any
    unit_b_bayah: Any
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One URL pattern (by name) with one way of calling it."""

    name: str
    url: Callable[[World], str]
    expect: dict[str, int]
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None
    # For writes: a snapshot of what must stay unchanged when the request is refused.
    snapshot: Callable[[World], Any] | None = None
    label: str = ""
    # API cases: the persona's bearer token instead of a session; extra headers per call
    # (e.g. If-Match); the data is sent as a JSON body for POST and PATCH.
    api: bool = False
    headers: Callable[[World], dict[str, str]] | None = None
    token_scope: str = "write"

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def every(status: int, **overrides: int) -> dict[str, int]:
    """The same status for every persona, with named exceptions."""
    out = dict.fromkeys(PERSONAS, status)
    out.update(overrides)
    return out
