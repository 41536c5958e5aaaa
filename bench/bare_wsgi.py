"""The yardstick: Django with no middleware, no database and no templates, answering
/<size> with a constant string of that many bytes. Served under the same gunicorn settings
as the site, it is the most any Django page could do on this machine."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-view",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after configure)
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODIES = {}


def constant(request, size):
    body = BODIES.get(size)
    if body is None:
        body = BODIES[size] = b"x" * min(size, 10_000_000)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("<int:size>", constant)]
application = get_wsgi_application()
