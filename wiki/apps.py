from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers index pages, how page changes are reviewed, and search upkeep.
        from wiki import indexes, pending, signals  # noqa: F401
