from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "tropewise.serving"
    label = "serving"
    verbose_name = "Serving"

    def ready(self) -> None:
        # In every process that changes pages, management commands included: they publish
        # the new stamps too.
        from tropewise.serving import integrity, stamps

        stamps.connect()
        integrity.register()  # the check of published stamps, for manage.py check_integrity
