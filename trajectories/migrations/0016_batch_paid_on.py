"""A payment file keeps the day the bank carried it out (a returned transfer leaves the file and used to take the
date with it). Filled for existing files from the transfers still in them that were marked paid."""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill_paid_on(apps, schema_editor):
    ExportBatch = apps.get_model("trajectories", "ExportBatch")
    ReimbursementClaim = apps.get_model("trajectories", "ReimbursementClaim")
    first_paid = (ReimbursementClaim.objects.filter(batch=OuterRef("pk"), paid_on__isnull=False).order_by()
                  .values("batch").annotate(day=Min("paid_on")).values("day"))
    ExportBatch.objects.filter(paid_on__isnull=True).update(paid_on=Subquery(first_paid))


class Migration(migrations.Migration):

    dependencies = [
        ("trajectories", "0015_dutch_field_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportbatch",
            name="paid_on",
            field=models.DateField(blank=True, null=True, verbose_name="betaald op"),
        ),
        migrations.RunPython(fill_paid_on, migrations.RunPython.noop),
    ]
