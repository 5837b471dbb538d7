"""The participation workflow: who may move which stage, maker-checker, the override."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sentra.core.models import AuditLog
from sentra.programs.models import Stage
from sentra.programs.rules import ActionRefused
from sentra.programs.services import workflow
from sentra.registry.models import Unit
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def _to_verified(program: Any, unit: Unit, proposer: Any) -> Any:
    p = workflow.participation_propose(actor=proposer, program=program, unit=unit)
    return workflow.participation_verify(actor=proposer, participation=p)


def test_an_officer_proposes_and_verifies_in_their_kecamatan_and_an_admin_approves(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    program = make_program()
    p = _to_verified(program, batik_unit, rudi_officer_rangkasbitung)
    assert p.stage == Stage.VERIFIED and p.verified_by == rudi_officer_rangkasbitung
    p = workflow.participation_approve(actor=alice_admin, participation=p)
    assert p.stage == Stage.APPROVED
    assert p.baseline == {
        "year": 2017,
        "workers": 4,
        "production_value": 40_000_000,
        "status": "aktif",
        "certificates": [],
    }
    p = workflow.participation_deliver(actor=rudi_officer_rangkasbitung, participation=p)
    assert p.stage == Stage.ATTENDED
    p = workflow.participation_complete(actor=rudi_officer_rangkasbitung, participation=p)
    assert p.stage == Stage.COMPLETED


def test_an_officer_cannot_propose_a_unit_outside_their_kecamatan(
    bayah_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    with pytest.raises(ActionRefused) as exc:
        workflow.participation_propose(
            actor=rudi_officer_rangkasbitung, program=make_program(), unit=bayah_unit
        )
    assert exc.value.code == "outside_kecamatan"


def test_an_officer_cannot_verify_a_proposal_outside_their_kecamatan(
    bayah_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    p = workflow.participation_propose(actor=alice_admin, program=make_program(), unit=bayah_unit)
    with pytest.raises(ActionRefused) as exc:
        workflow.participation_verify(actor=rudi_officer_rangkasbitung, participation=p)
    assert exc.value.code == "outside_kecamatan"


def test_whoever_proposed_cannot_approve_even_an_admin(batik_unit: Unit, alice_admin: Any) -> None:
    p = _to_verified(make_program(), batik_unit, alice_admin)
    with pytest.raises(ActionRefused) as exc:
        workflow.participation_approve(actor=alice_admin, participation=p)
    assert exc.value.code == "maker_checker"
    with pytest.raises(ActionRefused):
        workflow.participation_reject(actor=alice_admin, participation=p, note="tidak")
    p.refresh_from_db()
    assert p.stage == Stage.VERIFIED


@pytest.mark.parametrize("persona", ["rudi_officer_rangkasbitung", "ana_analyst", "omar_owner"])
def test_only_admins_approve_or_reject(
    batik_unit: Unit, alice_admin: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    p = _to_verified(make_program(), batik_unit, alice_admin)
    with pytest.raises(ActionRefused) as exc:
        workflow.participation_approve(actor=user, participation=p)
    assert exc.value.code == "admin_only"
    with pytest.raises(ActionRefused):
        workflow.participation_reject(actor=user, participation=p, note="x")


@pytest.mark.parametrize("persona", ["ana_analyst", "omar_owner"])
def test_analysts_and_owners_cannot_propose_or_verify(
    batik_unit: Unit, alice_admin: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    program = make_program()
    with pytest.raises(ActionRefused):
        workflow.participation_propose(actor=user, program=program, unit=batik_unit)
    p = workflow.participation_propose(actor=alice_admin, program=program, unit=batik_unit)
    with pytest.raises(ActionRefused):
        workflow.participation_verify(actor=user, participation=p)


def test_approval_needs_verification_first(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    p = workflow.participation_propose(
        actor=rudi_officer_rangkasbitung, program=make_program(), unit=batik_unit
    )
    with pytest.raises(ValidationError) as exc:
        workflow.participation_approve(actor=alice_admin, participation=p)
    assert exc.value.code == "stage_invalid"


def test_a_rejection_needs_a_note_and_ends_the_participation(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    p = _to_verified(make_program(), batik_unit, rudi_officer_rangkasbitung)
    with pytest.raises(ValidationError) as exc:
        workflow.participation_reject(actor=alice_admin, participation=p, note=" ")
    assert exc.value.code == "note_required"
    p = workflow.participation_reject(actor=alice_admin, participation=p, note="Kuota habis")
    assert p.stage == Stage.REJECTED
    with pytest.raises(ValidationError):
        workflow.participation_deliver(actor=alice_admin, participation=p)


def test_aid_kinds_are_received_rather_than_attended(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    program = make_program("BP-2017", kind="bantuan_produksi")
    p = _to_verified(program, batik_unit, rudi_officer_rangkasbitung)
    p = workflow.participation_approve(actor=alice_admin, participation=p)
    p = workflow.participation_deliver(actor=rudi_officer_rangkasbitung, participation=p)
    assert p.stage == Stage.RECEIVED


def test_the_quota_stops_approvals(
    batik_unit: Unit, reference: None, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    from tests.programs.conftest import make_unit

    other = make_unit("Batik Dua", reports={2017: (1, 5_000_000)})
    program = make_program(quota=1)
    first = _to_verified(program, batik_unit, rudi_officer_rangkasbitung)
    second = _to_verified(program, other, rudi_officer_rangkasbitung)
    workflow.participation_approve(actor=alice_admin, participation=first)
    with pytest.raises(ValidationError) as exc:
        workflow.participation_approve(actor=alice_admin, participation=second)
    assert exc.value.code == "quota_full"


def test_the_same_kind_twice_in_a_year_needs_an_override_reason_recorded_in_the_audit_log(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    first = make_program("PLT-2017-A")
    second = make_program("PLT-2017-B")
    workflow.participation_propose(actor=rudi_officer_rangkasbitung, program=first, unit=batik_unit)
    with pytest.raises(ValidationError) as exc:
        workflow.participation_propose(
            actor=rudi_officer_rangkasbitung, program=second, unit=batik_unit
        )
    assert exc.value.code == "same_kind_same_year"
    p = workflow.participation_propose(
        actor=rudi_officer_rangkasbitung,
        program=second,
        unit=batik_unit,
        override_reason="Pelatihan lanjutan pewarnaan alam",
    )
    assert p.override_reason == "Pelatihan lanjutan pewarnaan alam"
    row = AuditLog.objects.filter(action="participation.propose", object_id=str(p.pk)).get()
    assert row.after["override_reason"] == "Pelatihan lanjutan pewarnaan alam"
    assert row.after["same_kind_same_year"] == ["PLT-2017-A"]
    assert row.actor == rudi_officer_rangkasbitung


def test_another_kind_in_the_same_year_needs_no_override(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    workflow.participation_propose(
        actor=rudi_officer_rangkasbitung, program=make_program("PLT-1"), unit=batik_unit
    )
    p = workflow.participation_propose(
        actor=rudi_officer_rangkasbitung,
        program=make_program("SB-1", kind="studi_banding"),
        unit=batik_unit,
    )
    assert p.override_reason == ""


def test_every_transition_writes_an_audit_row(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, alice_admin: Any
) -> None:
    p = _to_verified(make_program(), batik_unit, rudi_officer_rangkasbitung)
    workflow.participation_approve(actor=alice_admin, participation=p)
    actions = list(
        AuditLog.objects.filter(object_id=str(p.pk), object_type="programs.participation")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "participation.propose",
        "participation.verify",
        "participation.approve",
    ]
