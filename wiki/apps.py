from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers index pages, how page changes are reviewed, and what is kept beside
        # every page (links, stamps, search).
        from wiki import index_pages, pending, signals  # noqa: F401
