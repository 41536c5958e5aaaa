"""The WSGI application production serves: Django, inside the layer that replays kept pages
before Django runs (tropewise.serving.replay)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tropewise.settings")

application = get_wsgi_application()

from tropewise.serving.replay import replay_kept_pages  # noqa: E402 (once Django is set up)

application = replay_kept_pages(application)
