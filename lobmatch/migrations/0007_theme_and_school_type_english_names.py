"""English names of the twelve LOB themes and the school types, so the English interface does not show Dutch
reference data. The Dutch names stay as they are (migration 0002, from the Expertisepunt LOB's list)."""

from django.db import migrations, models

THEMES_EN = {
    "externe-partijen": "External partners",
    "ouders-en-verzorgers": "Parents and carers",
    "professionalisering": "Professional development",
    "rollen-en-taken": "Roles and tasks in the school",
    "determinatie-en-advisering": "Track decisions and advice",
    "krachtige-leeromgeving": "A powerful (career-oriented) learning environment",
    "vorm-in-curriculum": "The place of LOB in the curriculum",
    "inhoud-van-lob": "The content of LOB",
    "lob-werkplan": "An LOB work plan",
    "beleid": "Policy",
    "draagvlak-en-leiderschap": "Support and leadership",
    "visie-en-doelen": "Vision on and goal(s) of LOB",
}

SCHOOL_TYPES_EN = {
    "pro": "Practical education (praktijkonderwijs)",
    "vmbo-b": "vmbo basic vocational track",
    "vmbo-k": "vmbo advanced vocational track",
    "vmbo-g": "vmbo combined track",
    "vmbo-t": "vmbo theoretical track",
    "havo": "havo (senior general secondary education)",
    "vwo": "vwo (pre-university education)",
}


def forwards(apps, schema_editor):
    Theme = apps.get_model("lobmatch", "Theme")
    SchoolType = apps.get_model("lobmatch", "SchoolType")
    for slug, name_en in THEMES_EN.items():
        Theme.objects.filter(slug=slug, name_en="").update(name_en=name_en)
    for code, name_en in SCHOOL_TYPES_EN.items():
        SchoolType.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):

    dependencies = [
        ("lobmatch", "0006_outbox_skipped"),
    ]

    operations = [
        migrations.AddField(
            model_name="schooltype",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="naam (Engels)"),
        ),
        migrations.AddField(
            model_name="theme",
            name="name_en",
            field=models.CharField(blank=True, max_length=160, verbose_name="naam (Engels)"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
