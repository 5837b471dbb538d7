"""Writes to the registry. Every function validates, runs in one transaction and audits.

The services live in modules by sub-domain; this package re-exports them so callers import
from `sentra.registry.services`.
"""

from sentra.registry.services.changes import registry_changed
from sentra.registry.services.clusters import (
    ClusterData,
    clusters_register,
    units_remove_by_source,
)
from sentra.registry.services.people import (
    ConflictError,
    PersonData,
    PersonUpdateData,
    person_find_by_nik,
    person_link_account,
    person_register,
    person_reveal,
    person_update,
)
from sentra.registry.services.products import product_name_classify
from sentra.registry.services.reference import (
    DATA_DIR,
    commodity_unclassified,
    kbli_load,
    known_kbli_codes,
    reference_load,
)
from sentra.registry.services.reports import (
    REPORT_AUDIT_FIELDS,
    ReportData,
    certificate_add,
    report_record,
    report_update,
)
from sentra.registry.services.units import (
    UNIT_AUDIT_FIELDS,
    UnitData,
    unit_mark_unverified,
    unit_owner_update,
    unit_register,
    unit_register_with_owner,
    unit_update,
    unit_verify,
)
from sentra.registry.services.upsert import (
    CertificateItem,
    NewPerson,
    Prepared,
    ProductItem,
    ReportItem,
    StalePlan,
    UnitItem,
    UnitOutcome,
    VersionConflict,
    unit_code_format,
    units_commit,
    units_prepare,
    units_upsert,
)
from sentra.registry.services.verification import (
    notice_send,
    notices_mark_read,
    unit_return,
    units_return,
    units_verify,
)

__all__ = [
    "DATA_DIR",
    "REPORT_AUDIT_FIELDS",
    "UNIT_AUDIT_FIELDS",
    "CertificateItem",
    "ClusterData",
    "ConflictError",
    "NewPerson",
    "PersonData",
    "PersonUpdateData",
    "Prepared",
    "ProductItem",
    "ReportData",
    "ReportItem",
    "StalePlan",
    "UnitData",
    "UnitItem",
    "UnitOutcome",
    "VersionConflict",
    "certificate_add",
    "clusters_register",
    "commodity_unclassified",
    "kbli_load",
    "known_kbli_codes",
    "notice_send",
    "notices_mark_read",
    "person_find_by_nik",
    "person_link_account",
    "person_register",
    "person_reveal",
    "person_update",
    "product_name_classify",
    "reference_load",
    "registry_changed",
    "report_record",
    "report_update",
    "unit_code_format",
    "unit_mark_unverified",
    "unit_owner_update",
    "unit_register",
    "unit_register_with_owner",
    "unit_return",
    "unit_update",
    "unit_verify",
    "units_commit",
    "units_prepare",
    "units_remove_by_source",
    "units_return",
    "units_upsert",
    "units_verify",
]
