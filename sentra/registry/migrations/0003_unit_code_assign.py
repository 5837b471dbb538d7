"""Give every existing unit its public code, in the order the units were created."""

from django.db import migrations


def assign_codes(apps, schema_editor):
    Unit = apps.get_model("registry", "Unit")
    Sequence = apps.get_model("registry", "UnitCodeSequence")
    last: dict[str, int] = {}
    pending = []
    for pk, kecamatan in Unit.objects.order_by("pk").values_list("pk", "kecamatan_id"):
        regency = kecamatan[:5]
        last[regency] = last.get(regency, 0) + 1
        code = f"IKM-{regency.replace('.', '')}-{last[regency]:07d}"
        pending.append(Unit(pk=pk, code=code))
        if len(pending) == 2000:
            Unit.objects.bulk_update(pending, ["code"])
            pending = []
    Unit.objects.bulk_update(pending, ["code"])
    for regency, number in last.items():
        Sequence.objects.update_or_create(regency=regency, defaults={"last": number})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_unit_code_sequence")]

    operations = [migrations.RunPython(assign_codes, migrations.RunPython.noop)]
