"""The fifteen kinds of subpage a work may have, as the old site has them; moderators edit
them in the admin afterwards."""

from django.db import migrations

# name, namespace, icon, structure, accepts; in the order of the tab bar.
KINDS = [
    ("YMMV", "YMMV", "🤔", "text", "ymmv"),
    ("Trivia", "Trivia", "💡", "text", "trivia"),
    ("Characters", "Characters", "👥", "characters", ""),
    ("Recap", "Recap", "📺", "recaps", ""),
    ("Quotes", "Quotes", "💬", "text", ""),
    ("Funny", "Funny", "😂", "text", ""),
    ("Awesome", "Awesome", "🌟", "text", ""),
    ("Heartwarming", "Heartwarming", "💖", "text", ""),
    ("Tear Jerker", "TearJerker", "😢", "text", ""),
    ("Nightmare Fuel", "NightmareFuel", "😱", "text", ""),
    ("WMG", "WMG", "🔮", "text", ""),
    ("Headscratchers", "Headscratchers", "❓", "text", ""),
    ("Fridge", "Fridge", "🧊", "text", ""),
    ("Laconic", "Laconic", "📝", "laconic", ""),
    ("Analysis", "Analysis", "🔍", "text", ""),
]
# Theories, questions and second thoughts about the whole work: hiding every line of them
# would hide the page.
SPOILERS_SHOWN = {"WMG", "Headscratchers", "Fridge"}


def seed(apps, schema_editor):
    SubpageKind = apps.get_model("tropes", "SubpageKind")
    for position, (name, namespace, icon, structure, accepts) in enumerate(KINDS, start=1):
        SubpageKind.objects.get_or_create(
            namespace=namespace,
            defaults={
                "name": name,
                "icon": icon,
                "order": position * 10,
                "structure": structure,
                "accepts": accepts,
                "spoilers": "shown" if namespace in SPOILERS_SHOWN else "hidden",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tropes", "0007_works_in_parts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
