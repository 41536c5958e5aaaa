from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


class TropesConfig(AppConfig):
    name = "tropes"
    verbose_name = "Works and tropes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers page kinds, signals, how example changes and new subpages are reviewed, how
        # example changes are rolled back, the integrity checks of ratings and example links, and
        # what cutting a trope does to its examples; the repair shop's boxes and desk queue; the
        # sections of dumps.
        import tropes.placement  # noqa: F401 (its receivers)
        from tropes import (  # noqa: F401
            context_flags,
            dumps,
            examples,
            held_examples,
            integrity,
            kinds,
            relations,
            signals,
        )
        from tropes.launch import integrity as launch_integrity
        from tropes.launch import pages as launch_pages
        from tropes.launch import signals as launch_signals  # noqa: F401
        from tropes.repair import boxes, cutting
        from tropes.subpages import creating
        from tropes.subpages import signals as subpage_signals  # noqa: F401
        from wiki.moderation import rollback

        post_migrate.connect(_seed_subpage_kinds, sender=self)
        kinds.register()
        held_examples.register_handler()
        relations.register()
        context_flags.register()
        creating.register_handler()
        rollback.register(examples.plan_rollback)
        integrity.register()
        cutting.register()
        boxes.register()
        # Last of the sources of changes: links to screens of changes name sources by place.
        launch_pages.register_changes()
        launch_integrity.register()
        dumps.register_sections()


def _seed_subpage_kinds(sender, using, apps=global_apps, **kwargs):
    """Seed the subpage kinds again where there are none: a database emptied (as tests of
    whole transactions do) keeps its schema but loses what data migrations wrote, and
    post_migrate follows every flush (without the migration's `apps`). The kinds are the
    migration's, written once."""
    if not apps.get_model("tropes", "SubpageKind").objects.using(using).exists():
        import_module("tropes.migrations.0008_subpage_kinds").seed(apps, None)
