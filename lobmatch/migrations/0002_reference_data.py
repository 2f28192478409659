"""The twelve LOB themes (Expertisepunt LOB), the school types and the role groups."""

from django.db import migrations

THEMES = [
    ("externe-partijen", "Externe partijen",
     "Samenwerken met vervolgonderwijs, bedrijven en instellingen in de regio."),
    ("ouders-en-verzorgers", "Ouders en verzorgers",
     "Ouders en verzorgers betrekken bij de loopbaankeuzes van hun kind."),
    ("professionalisering", "Professionalisering",
     "Het personeel deskundig maken en houden op LOB, met een professionaliseringsplan."),
    ("rollen-en-taken", "Rollen en taken in de school",
     "Wie is eerste-, tweede- en derdelijnsbegeleider, en wat houdt die rol in."),
    ("determinatie-en-advisering", "Determinatie en advisering",
     "Advisering en loopbaanbesluitvorming met de leerling en diens ouders."),
    ("krachtige-leeromgeving", "Krachtige (loopbaangerichte) leeromgeving",
     "Een leeromgeving waarin leerlingen echte ervaringen opdoen en daarop reflecteren."),
    ("vorm-in-curriculum", "De vorm van LOB in het curriculum",
     "Hoe LOB een plaats krijgt in lessen, mentoruren en projecten."),
    ("inhoud-van-lob", "Inhoud van LOB",
     "De loopbaancompetenties en de activiteiten die daarbij horen."),
    ("lob-werkplan", "Een LOB-werkplan",
     "Een concreet werkplan met activiteiten, verantwoordelijken en planning."),
    ("beleid", "Beleid", "LOB-beleid dat past bij visie en doelen van de school."),
    ("draagvlak-en-leiderschap", "Draagvlak en leiderschap",
     "Schoolleiding die LOB onderschrijft, faciliteert en uitdraagt."),
    ("visie-en-doelen", "Visie op en doel(en) van LOB",
     "Waarom de school aan LOB doet: de rationale, visie en doelen."),
]

SCHOOL_TYPES = [
    ("pro", "Praktijkonderwijs"),
    ("vmbo-b", "vmbo basisberoepsgerichte leerweg"),
    ("vmbo-k", "vmbo kaderberoepsgerichte leerweg"),
    ("vmbo-g", "vmbo gemengde leerweg"),
    ("vmbo-t", "vmbo theoretische leerweg"),
    ("havo", "havo"),
    ("vwo", "vwo"),
]

ROLES = ["school_contact", "ambassador", "adviser", "staff", "finance"]


def forwards(apps, schema_editor):
    Theme = apps.get_model("lobmatch", "Theme")
    SchoolType = apps.get_model("lobmatch", "SchoolType")
    Group = apps.get_model("auth", "Group")
    for order, (slug, name, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
    for order, (code, name) in enumerate(SCHOOL_TYPES, start=1):
        SchoolType.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def backwards(apps, schema_editor):
    apps.get_model("lobmatch", "Theme").objects.filter(slug__in=[t[0] for t in THEMES]).delete()
    apps.get_model("lobmatch", "SchoolType").objects.filter(code__in=[s[0] for s in SCHOOL_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("lobmatch", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, backwards)]
