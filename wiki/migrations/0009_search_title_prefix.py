"""A byte-ordered index on upper-cased search titles: Go To's prefix matches as a range scan."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX wiki_search_title_prefix ON wiki_searchentry ((upper(title) COLLATE "C"))'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS wiki_search_title_prefix")


class Migration(migrations.Migration):
    dependencies = [("wiki", "0008_search_title_gist")]

    operations = [migrations.RunPython(create, drop)]
