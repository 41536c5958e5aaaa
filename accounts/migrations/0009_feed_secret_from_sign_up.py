import secrets

from django.db import migrations, models

import accounts.models


def give_every_member_a_feed_secret(apps, schema_editor):
    """Members whose feed secret was to be made on their first visit get one now, so that
    reading /following writes nothing."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(feed_secret="").only("pk").iterator():
        User.objects.filter(pk=user.pk).update(feed_secret=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_user_feed_secret"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="feed_secret",
            field=models.CharField(
                default=accounts.models.new_feed_secret,
                editable=False,
                help_text="Carried by the address of their private feed; replaced to retire the address.",
                max_length=32,
            ),
        ),
        migrations.RunPython(give_every_member_a_feed_secret, migrations.RunPython.noop),
    ]
