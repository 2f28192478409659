"""A pulse invitation records whether it was answered, not when (a moment could name the person behind an answer)."""

from django.db import migrations, models


def copy_used(apps, schema_editor):
    PulseInvitation = apps.get_model("trajectories", "PulseInvitation")
    PulseInvitation.objects.filter(used_at__isnull=False).update(answered=True)


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0002_list_order_indexes")]

    operations = [
        migrations.AddField(model_name="pulseinvitation", name="answered", field=models.BooleanField(default=False)),
        migrations.RunPython(copy_used, migrations.RunPython.noop),
        migrations.RemoveField(model_name="pulseinvitation", name="used_at"),
    ]
