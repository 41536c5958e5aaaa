from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wiki import pending  # noqa: F401  (registers how page changes are reviewed)
