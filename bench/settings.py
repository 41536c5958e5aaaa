"""The settings `make bench` runs its commands with: production's, plus the benchmark."""

from tropewise.settings import *  # noqa: F403
from tropewise.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
