"""The stored stems of each good practice's texts, so the catalogue search finds Dutch word forms on SQLite too."""

from django.db import migrations, models

from lobmatch.textsearch import stemmed_text

FIELDS = ("title", "summary", "description", "principles", "tips", "region")


def fill(apps, schema_editor):
    GoodPractice = apps.get_model("ambassadors", "GoodPractice")
    for practice in GoodPractice.objects.only("pk", *FIELDS).iterator():
        GoodPractice.objects.filter(pk=practice.pk).update(
            search_text=stemmed_text(*(getattr(practice, field) for field in FIELDS)))


class Migration(migrations.Migration):

    dependencies = [
        ("ambassadors", "0003_practice_changed_since_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="goodpractice",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
