from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers how page changes are reviewed, and keeps the search index current.
        from wiki import pending, signals  # noqa: F401
