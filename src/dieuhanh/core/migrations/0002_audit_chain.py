"""Chain the audit log by hash: add prev_hash/hash, the chain head, and backfill existing entries in id order."""

import django.utils.timezone
from django.db import migrations, models

from dieuhanh.core import auditchain


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChain = apps.get_model("core", "AuditChain")
    prev = auditchain.GENESIS
    last_id = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        fields = {name: getattr(event, name) for name in auditchain.HASHED_FIELDS}
        digest = auditchain.entry_hash(fields, prev)
        # A queryset update: the model refuses to save an existing entry.
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev, last_id = digest, event.pk
    AuditChain.objects.update_or_create(
        pk=1, defaults={"head_id": last_id, "head_hash": prev if last_id is not None else ""}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="thời điểm"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã băm mục trước"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã băm"),
        ),
        migrations.CreateModel(
            name="AuditChain",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("head_id", models.BigIntegerField(blank=True, null=True, verbose_name="mục mới nhất")),
                ("head_hash", models.CharField(blank=True, max_length=64, verbose_name="mã băm mục mới nhất")),
                ("pruned_through_id", models.BigIntegerField(blank=True, null=True, verbose_name="đã xóa đến mục")),
                ("pruned_hash", models.CharField(blank=True, max_length=64, verbose_name="mã băm mục cuối đã xóa")),
                ("pruned_count", models.PositiveBigIntegerField(default=0, verbose_name="số mục đã xóa")),
                ("pruned_at", models.DateTimeField(blank=True, null=True, verbose_name="lần xóa gần nhất")),
            ],
            options={"verbose_name": "chuỗi nhật ký", "verbose_name_plural": "chuỗi nhật ký"},
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
