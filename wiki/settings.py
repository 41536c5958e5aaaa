"""The settings moved to tropewise.settings; this name keeps DJANGO_SETTINGS_MODULE=wiki.settings
working for a while."""

import warnings

from tropewise.settings import *  # noqa: F403

warnings.warn(
    "DJANGO_SETTINGS_MODULE=wiki.settings is deprecated: use tropewise.settings.",
    DeprecationWarning,
    stacklevel=2,
)
