"""The role groups, and every existing account in the new editors' group."""

from django.db import migrations

GROUPS = ["New editors", "Trusted editors", "Moderators", "Administrators"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    new_editors = groups["New editors"]
    for user in User.objects.filter(groups=None):
        user.groups.add(new_editors)
    for user in User.objects.filter(is_staff=True, is_superuser=False):
        user.groups.add(groups["Moderators"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles_bans_moderator_actions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
