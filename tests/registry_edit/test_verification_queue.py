"""The verification queue as officers use it all day: what changed and who sent it, filters by
kecamatan and kind, bulk approve or return with a reason, and the owner is told."""

from __future__ import annotations

import pytest

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import NoticeKind, OwnerNotice, Unit, Verification
from sentra.registry.services import unit_verify
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import unit_edit_post

pytestmark = pytest.mark.django_db


def _owner_edits(world: World, unit: Unit, owner: str, **changes: str) -> None:
    unit_verify(actor=SystemActor("test"), unit=unit)
    response = client_for(world.users[owner]).post(
        f"/units/{unit.pk}/edit/", unit_edit_post(unit, **changes)
    )
    assert response.status_code == 302


def test_the_queue_shows_the_owners_change_before_and_after_and_who_sent_it(
    world: World,
) -> None:
    unit = world.unit_a_rangkasbitung
    _owner_edits(world, unit, "owner_a", kampung="Pasir Ona", address="Jl. Multatuli 7")
    html = client_for(world.users["officer_rangkasbitung"]).get("/verifikasi/").content.decode()
    entry = html[html.index(f'data-unit="{unit.pk}"') :]
    entry = entry[: entry.index("</article>")]
    assert "Perubahan data" in entry
    assert "Diajukan oleh omar" in entry
    assert '<th scope="row">Kampung</th><td><del>–</del></td><td><ins>Pasir Ona</ins></td>' in entry
    assert "<ins>Jl. Multatuli 7</ins>" in entry


def test_the_queue_filters_by_kecamatan_and_by_kind(world: World) -> None:
    _owner_edits(world, world.unit_b_rangkasbitung, "owner_b", kampung="Cibeas")
    admin = client_for(world.users["admin"])

    def names(query: str) -> list[str]:
        entries = admin.get("/verifikasi/" + query).context["entries"]
        return sorted(e.unit.business_name for e in entries)

    assert names("") == ["Anyaman Olga", "Anyaman Omar", "Bilik Olga Bayah"]
    assert names("?kecamatan=36.02.03") == ["Bilik Olga Bayah"]
    assert names("?kind=ubah") == ["Anyaman Olga"]
    assert names("?kind=baru") == ["Anyaman Omar", "Bilik Olga Bayah"]
    assert names("?kind=baru&kecamatan=36.02.14") == ["Anyaman Omar"]
    assert names("?q=bilik") == ["Bilik Olga Bayah"]
    # An officer is offered (and filtered to) only their own kecamatan.
    officer = client_for(world.users["officer_bayah"])
    page = officer.get("/verifikasi/?kecamatan=36.02.14")
    assert page.context["kecamatan_choices"] == [("36.02.03", "Bayah")]
    assert [e.unit.business_name for e in page.context["entries"]] == ["Bilik Olga Bayah"]


def test_an_officer_approves_several_units_at_once_and_each_owner_is_told(
    world: World,
) -> None:
    a, b = world.unit_a_rangkasbitung, world.unit_b_rangkasbitung
    officer = client_for(world.users["officer_rangkasbitung"])
    response = officer.post(
        "/verifikasi/putuskan/",
        {"units": [a.pk, b.pk], "action": "approve", "back": "kind=baru"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/verifikasi/?kind=baru"
    assert set(Unit.objects.filter(pk__in=[a.pk, b.pk]).values_list("verification", flat=True)) == {
        Verification.VERIFIED
    }
    assert (
        AuditLog.objects.filter(
            action="unit.verify", actor=world.users["officer_rangkasbitung"]
        ).count()
        == 2
    )
    notices = OwnerNotice.objects.filter(kind=NoticeKind.VERIFIED)
    assert sorted(n.person.account.username for n in notices) == ["olga", "omar"]
    assert officer.get("/verifikasi/").context["page"].paginator.count == 0


def test_returning_needs_a_reason_and_without_one_nothing_changes(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    officer = client_for(world.users["officer_rangkasbitung"])
    response = officer.post("/verifikasi/putuskan/", {"units": [unit.pk], "action": "return"})
    assert response.status_code == 400
    assert "Tulis alasan pengembalian" in response.content.decode()
    assert response.context["selected"] == [unit.pk]  # the selection is kept
    unit.refresh_from_db()
    assert unit.verification == Verification.UNVERIFIED
    assert not OwnerNotice.objects.exists()


def test_a_returned_unit_leaves_the_queue_with_its_reason_and_comes_back_after_the_owners_edit(
    world: World,
) -> None:
    unit = world.unit_a_rangkasbitung
    officer = client_for(world.users["officer_rangkasbitung"])
    reason = "NIB tidak cocok dengan dokumen OSS; mohon periksa."
    response = officer.post(
        "/verifikasi/putuskan/", {"units": [unit.pk], "action": "return", "reason": reason}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.verification == Verification.RETURNED
    log = AuditLog.objects.get(action="unit.return", object_id=str(unit.pk))
    assert log.summary == reason
    notice = OwnerNotice.objects.get(unit=unit)
    assert (notice.kind, notice.reason, notice.sent_by) == (NoticeKind.RETURNED, reason, "rudi")
    assert unit.pk not in [e.unit.pk for e in officer.get("/verifikasi/").context["entries"]]
    returned = officer.get("/verifikasi/?status=dikembalikan").context["entries"]
    assert [e.unit.pk for e in returned] == [unit.pk]

    owner = client_for(world.users["owner_a"])
    assert owner.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, nib="")).status_code == 302
    unit.refresh_from_db()
    assert unit.verification == Verification.UNVERIFIED
    entries = officer.get("/verifikasi/?kind=ubah").context["entries"]
    assert [e.unit.pk for e in entries] == [unit.pk]


def test_a_bulk_decision_with_a_unit_outside_the_officers_kecamatan_changes_nothing(
    world: World,
) -> None:
    own, other = world.unit_a_rangkasbitung, world.unit_b_bayah
    response = client_for(world.users["officer_rangkasbitung"]).post(
        "/verifikasi/putuskan/", {"units": [own.pk, other.pk], "action": "approve"}
    )
    assert response.status_code == 404
    assert set(Unit.objects.values_list("verification", flat=True)) == {Verification.UNVERIFIED}
    assert not OwnerNotice.objects.exists()


def test_deciding_without_choosing_a_unit_says_so(world: World) -> None:
    response = client_for(world.users["admin"]).post("/verifikasi/putuskan/", {"action": "approve"})
    assert response.status_code == 400
    assert "Pilih minimal satu unit." in response.content.decode()
