"""The WSGI application production serves: Django, inside the layer that replays kept pages
before Django runs (tropewise.serving.replay)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tropewise.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after the settings module is named)

from tropewise.serving.replay import replay_kept_pages  # noqa: E402 (once Django is set up)
from wiki.benchmarks.querycount import count_queries  # noqa: E402

application = replay_kept_pages(application)
if settings.QUERY_COUNT_HEADER:
    application = count_queries(application)
