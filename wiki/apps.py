from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers index pages, what is kept beside every page (links, stamps, search), and the
        # moderators' desk's queues of pending changes and reports.
        from wiki import index_pages, own_stamps, signals  # noqa: F401
        from wiki.discussions import held, moderating
        from wiki.discussions import search as discussion_search  # noqa: F401 (its signal)
        from wiki.moderation import desk, page_changes, rollback

        page_changes.register_handlers()
        held.register_handlers()
        rollback.register(moderating.plan_rollback)
        desk.register_engine_queues()
        own_stamps.connect()
