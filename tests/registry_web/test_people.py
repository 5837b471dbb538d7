"""The owner's page: units within scope, masked NIK and phone, and the audited "Tampilkan"."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import Commodity
from sentra.registry.services import UnitData, person_link_account, unit_register
from tests.registry_web.data import BAYAH_DESA, SITI_NIK, SITI_PHONE, Registry

pytestmark = pytest.mark.django_db


def reveals() -> int:
    return AuditLog.objects.filter(action__startswith="person.reveal").count()


def test_the_owner_page_shows_nik_and_phone_masked(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    response = client_for(alice_admin).get(f"/people/{registry.siti.pk}/")
    html = response.content.decode()
    assert "Siti Aminah" in html
    assert "3602••••••••0002" in html
    assert "0812••••••90" in html
    assert SITI_NIK not in html and SITI_PHONE not in html
    assert "UD Batik Rangkas" in html


def test_the_owner_page_lists_only_units_within_the_officers_kecamatan(
    registry: Registry, client_for: Any, bayu_officer_bayah: Any
) -> None:
    unit_register(
        actor=SystemActor("test"),
        owner=registry.siti,
        data=UnitData(
            business_name="Batik Bayah",
            commodity=Commodity.objects.get(code="batik-lebak"),
            desa_code=BAYAH_DESA,
        ),
    )
    html = client_for(bayu_officer_bayah).get(f"/people/{registry.siti.pk}/").content.decode()
    assert "Batik Bayah" in html
    assert "UD Batik Rangkas" not in html


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("alice_admin", True),
        ("rudi_officer_rangkasbitung", True),
        ("ana_analyst", False),
    ],
)
def test_only_permitted_users_get_the_show_button(
    registry: Registry,
    client_for: Any,
    request: pytest.FixtureRequest,
    persona: str,
    shown: bool,
) -> None:
    html = client_for(request.getfixturevalue(persona)).get(f"/people/{registry.siti.pk}/")
    assert ("Tampilkan" in html.content.decode()) is shown


def test_the_show_button_posts_the_field_and_never_puts_it_in_the_url(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    html = client_for(alice_admin).get(f"/people/{registry.siti.pk}/").content.decode()
    assert f'<form method="post" action="/people/{registry.siti.pk}/reveal/"' in html
    assert '<input type="hidden" name="field" value="nik">' in html


@pytest.mark.parametrize(("field", "clear"), [("nik", SITI_NIK), ("phone", SITI_PHONE)])
def test_an_officer_of_the_kecamatan_sees_the_clear_value_and_it_is_audited(
    registry: Registry,
    client_for: Any,
    rudi_officer_rangkasbitung: Any,
    field: str,
    clear: str,
) -> None:
    response = client_for(rudi_officer_rangkasbitung).post(
        f"/people/{registry.siti.pk}/reveal/", {"field": field}
    )
    assert response.status_code == 200
    assert clear in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    log = AuditLog.objects.get(action=f"person.reveal_{field}")
    assert (log.actor, log.object_id) == (rudi_officer_rangkasbitung, str(registry.siti.pk))
    assert clear not in str(log.before) + str(log.after) + log.summary


def test_the_owner_may_see_their_own_nik(
    registry: Registry, client_for: Any, olga_owner: Any
) -> None:
    person_link_account(actor=SystemActor("test"), person=registry.siti, user=olga_owner)
    response = client_for(olga_owner).post(f"/people/{registry.siti.pk}/reveal/", {"field": "nik"})
    assert response.status_code == 200
    assert SITI_NIK in response.content.decode()
    assert reveals() == 1


def test_an_analyst_is_refused_and_nothing_is_audited(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).post(f"/people/{registry.siti.pk}/reveal/", {"field": "nik"})
    assert response.status_code == 403
    assert SITI_NIK not in response.content.decode()
    assert reveals() == 0


def test_an_officer_of_another_kecamatan_gets_404_and_nothing_is_audited(
    registry: Registry, client_for: Any, bayu_officer_bayah: Any
) -> None:
    response = client_for(bayu_officer_bayah).post(
        f"/people/{registry.siti.pk}/reveal/", {"field": "nik"}
    )
    assert response.status_code == 404
    assert reveals() == 0


def test_anonymous_reveal_goes_to_login_and_nothing_is_audited(
    registry: Registry, client: Any
) -> None:
    response = client.post(f"/people/{registry.siti.pk}/reveal/", {"field": "nik"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk/")
    assert reveals() == 0


def test_reveal_refuses_get_and_unknown_fields(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    client = client_for(alice_admin)
    assert client.get(f"/people/{registry.siti.pk}/reveal/", {"field": "nik"}).status_code == 405
    url = f"/people/{registry.siti.pk}/reveal/"
    assert client.post(url, {"field": "nik_encrypted"}).status_code == 400
    assert reveals() == 0
