from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers index pages, and what is kept beside every page (links, stamps, search).
        from wiki import index_pages, own_stamps, signals  # noqa: F401
        from wiki.moderation import page_changes

        page_changes.register_handlers()
        own_stamps.connect()
