"""The WSGI application moved to tropewise.wsgi; this name keeps `gunicorn wiki.wsgi` working
for a while."""

import warnings

from tropewise.wsgi import application  # noqa: F401

warnings.warn(
    "wiki.wsgi is deprecated: serve tropewise.wsgi (gunicorn tropewise.wsgi).",
    DeprecationWarning,
    stacklevel=2,
)
