"""The demo accounts: one per role, officers scoped to Rangkasbitung and Bayah."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sentra.accounts.models import Role, User
from sentra.regions.models import Region
from sentra.registry.models import Person
from sentra.registry.services import person_link_account

OWNER_USERNAME = "pemilik.pasirona"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    kecamatan: tuple[str, ...] = ()
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, "Admin Dinas (demo)", superuser=True),
    DemoAccount("analis", Role.ANALYST, "Analis Perencanaan (demo)"),
    DemoAccount("petugas.rangkasbitung", Role.OFFICER, "Petugas Rangkasbitung", ("36.02.14",)),
    DemoAccount("petugas.bayah", Role.OFFICER, "Petugas Bayah", ("36.02.03",)),
    DemoAccount(OWNER_USERNAME, Role.OWNER, "Pemilik Anyaman Pasir Ona (demo)"),
    # The market (issue 11): the cooperative's maker and checker, and the province's
    # women's-empowerment office.
    DemoAccount("koperasi.jelita", Role.KOPERASI, "Koperasi Jelita (demo)"),
    DemoAccount("koperasi.bendahara", Role.KOPERASI, "Bendahara Koperasi Jelita (demo)"),
    DemoAccount("mitra.dp3akkb", Role.PARTNER, "DP3AKKB Provinsi Banten (demo)"),
)


@dataclass(frozen=True)
class AccountStatus:
    username: str
    role: str
    scope: str
    created: bool


def _scope_label(user: User) -> str:
    if user.is_superuser or user.role == Role.ADMIN:
        return "seluruh data"
    if user.role == Role.ANALYST:
        return "seluruh data, data pribadi disamarkan"
    if user.role == Role.OFFICER:
        names = ", ".join(user.kecamatan.order_by("code").values_list("name", flat=True))
        return f"Kec. {names}" if names else "belum ada kecamatan"
    if user.role == Role.KOPERASI:
        return "pesanan, pembayaran dan pencairan koperasi"
    if user.role == Role.PARTNER:
        return "Jendela Wanita dan angka pasar, tanpa data pribadi"
    person = Person.objects.filter(account=user).first()
    if person is None:
        return "belum terhubung ke pelaku usaha"
    return f"unit milik {person.name} ({person.units.count()} unit)"


def demo_accounts_status(created: frozenset[str] = frozenset()) -> list[AccountStatus]:
    """The demo accounts that exist, with their role and what they may see."""
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    return [
        AccountStatus(
            username=account.username,
            role=users[account.username].role,
            scope=_scope_label(users[account.username]),
            created=account.username in created,
        )
        for account in DEMO_ACCOUNTS
        if account.username in users
    ]


def _usernames() -> list[str]:
    return [account.username for account in DEMO_ACCOUNTS]


def demo_accounts_ensure(*, actor: Any, password: str, owner: Person) -> frozenset[str]:
    """Create missing demo accounts with `password`; existing accounts keep their password,
    role and scope. Links the demo owner account to `owner` unless it already belongs to
    another (non-demo) person. Returns the usernames created. Runs in the caller's
    transaction."""
    existing = set(
        User.objects.filter(username__in=_usernames()).values_list("username", flat=True)
    )
    created: set[str] = set()
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        user = User.objects.create_user(
            username=account.username,
            password=password,
            role=account.role,
            first_name=account.full_name,
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        if account.kecamatan:
            user.kecamatan.set(Region.objects.filter(code__in=account.kecamatan))
        created.add(account.username)
    owner_user = User.objects.get(username=OWNER_USERNAME)
    if not Person.objects.filter(account=owner_user).exists():
        person_link_account(actor=actor, person=owner, user=owner_user)
    return frozenset(created)
