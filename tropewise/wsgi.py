"""The WSGI application production serves: Django, inside the layer that replays kept pages
before Django runs (tropewise.serving.replay), inside the one that gives every request its id
(tropewise.serving.requestid), so that replayed pages carry one too."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tropewise.settings")

application = get_wsgi_application()

from tropewise.serving import requestid  # noqa: E402 (once Django is set up)
from tropewise.serving.replay import replay_kept_pages  # noqa: E402

application = requestid.wsgi(replay_kept_pages(application))
