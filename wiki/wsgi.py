import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiki.settings")

application = get_wsgi_application()

from wiki.pagecache import replay_kept_pages  # noqa: E402 (needs the settings loaded)

application = replay_kept_pages(application)
