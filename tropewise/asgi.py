"""The ASGI application, for servers that want one. Production serves WSGI (tropewise.wsgi):
only there are kept pages replayed before Django runs; under ASGI the page cache's
middleware answers them."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tropewise.settings")

application = get_asgi_application()
