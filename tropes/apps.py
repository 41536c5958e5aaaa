from django.apps import AppConfig


class TropesConfig(AppConfig):
    name = "tropes"
    verbose_name = "Works and tropes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers page kinds, signals and how example changes are reviewed.
        from tropes import kinds, pending, signals  # noqa: F401

        kinds.register()
