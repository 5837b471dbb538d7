"""Audit log: a hash chain over every row and database triggers that refuse UPDATE and
DELETE (TRUNCATE too on PostgreSQL) on every table whose name contains "audit"."""

import hashlib
import json
from datetime import UTC

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(prev, fields):
    return hashlib.sha256("\0".join((prev, *fields)).encode("utf-8")).hexdigest()


def chain_existing_rows(apps, schema_editor):
    """Rows written before this migration join the chain in id order (the same hashing as
    `sentra.core.audit`, copied here so that this migration never changes)."""
    AuditLog = apps.get_model("core", "AuditLog")
    prev = GENESIS
    for row in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
        fields = (
            row.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "" if row.actor_id is None else str(row.actor_id),
            row.actor_label,
            row.action,
            row.object_type,
            row.object_id,
            row.summary,
            _canonical(row.before),
            _canonical(row.after),
        )
        digest = _digest(prev, fields)
        AuditLog.objects.filter(pk=row.pk).update(prev_hash=prev, row_hash=digest)
        prev = digest


def install_guards(apps, schema_editor):
    from sentra.core.appendonly import guards_install

    guards_install(schema_editor.connection)


def remove_guards(apps, schema_editor):
    from sentra.core.appendonly import audit_tables, postgres_drop_sql, sqlite_drop_sql

    connection = schema_editor.connection
    drop = sqlite_drop_sql if connection.vendor == "sqlite" else postgres_drop_sql
    with connection.cursor() as cursor:
        for table in audit_tables(connection):
            for sql in drop(table):
                cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditlog",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="pelaku",
            ),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash sebelumnya"),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="row_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash baris"),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
    ]
