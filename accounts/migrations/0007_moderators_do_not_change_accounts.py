"""Moderators no longer hold Django's change_user: accounts are changed by administrators."""

from django.db import migrations


def take_back_change_user(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    change_user = Permission.objects.filter(
        content_type__app_label="accounts", codename="change_user"
    ).first()
    if moderators is not None and change_user is not None:
        moderators.permissions.remove(change_user)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_following"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(take_back_change_user, migrations.RunPython.noop)]
