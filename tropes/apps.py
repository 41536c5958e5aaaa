from django.apps import AppConfig


class TropesConfig(AppConfig):
    name = "tropes"
    verbose_name = "Works and tropes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers page kinds, signals, how example changes and new subpages are reviewed, how
        # example changes are rolled back, and the integrity checks of ratings and example links.
        import tropes.placement  # noqa: F401 (its receivers)
        from tropes import (  # noqa: F401
            context_flags,
            examples,
            held_examples,
            integrity,
            kinds,
            relations,
            signals,
        )
        from tropes.subpages import creating
        from tropes.subpages import signals as subpage_signals  # noqa: F401
        from wiki.moderation import rollback

        kinds.register()
        held_examples.register_handler()
        relations.register()
        context_flags.register()
        creating.register_handler()
        rollback.register(examples.plan_rollback)
        integrity.register()
