from django.apps import AppConfig


class TropesConfig(AppConfig):
    name = "tropes"
    verbose_name = "Works and tropes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tropes import pages, signals  # noqa: F401  (registers page kinds and signals)
