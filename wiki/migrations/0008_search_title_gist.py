"""A GiST trigram index on search titles: the closest titles to a misspelt query, fast."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX wiki_search_title_gist ON wiki_searchentry USING gist (title gist_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS wiki_search_title_gist")


class Migration(migrations.Migration):
    dependencies = [("wiki", "0007_page_tabs")]

    operations = [migrations.RunPython(create, drop)]
