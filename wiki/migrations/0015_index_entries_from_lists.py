from django.db import migrations
from django.utils import timezone


def list_existing_indexes(apps, schema_editor):
    """Give every index page there is the entries a save now gives it (wiki.index_entries),
    and the pages it lists new stamps: their kept copies have no bar yet."""
    # The same reading of an index's text as saving one does.
    from wiki.markup import listed_links
    from wiki.stamps import new_stamp

    Page = apps.get_model("wiki", "Page")
    IndexEntry = apps.get_model("wiki", "IndexEntry")
    listed = set()
    for index in Page.objects.filter(kind="index", redirect_to=None).only("pk", "body"):
        keys = [target.lower() for target in listed_links(index.body)]
        found = {
            key: redirect_to or pk
            for key, pk, redirect_to in Page.objects.filter(key__in=keys).values_list(
                "key", "pk", "redirect_to_id"
            )
        }
        members = dict.fromkeys(found[key] for key in keys if key in found)
        members.pop(index.pk, None)
        IndexEntry.objects.filter(index=index).delete()
        IndexEntry.objects.bulk_create(
            IndexEntry(index=index, page_id=page, position=position)
            for position, page in enumerate(members)
        )
        listed.update(members)
    if listed:
        # Not an edit: the stamp is excluded from the pages' history.
        Page.objects.filter(pk__in=listed).update(
            shown_stamp=new_stamp(), shown_changed=timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wiki", "0014_index_entries"),
    ]

    operations = [
        migrations.RunPython(list_existing_indexes, migrations.RunPython.noop, elidable=True),
    ]
