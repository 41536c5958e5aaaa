"""Names operators may have written before the project had its own package keep working,
with a deprecation warning: DJANGO_SETTINGS_MODULE=wiki.settings and `gunicorn wiki.wsgi`."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def run(code, settings_module):
    return subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c", code],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": settings_module},
    )


def test_the_old_settings_module_still_configures_the_site_and_says_it_moved():
    started = run(
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.ROOT_URLCONF)",
        "wiki.settings",
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "tropewise.urls"
    assert "wiki.settings is deprecated: use tropewise.settings" in started.stderr


def test_the_old_wsgi_module_still_serves_the_site_and_says_it_moved():
    loaded = run(
        "import wiki.wsgi, tropewise.wsgi; "
        "print(wiki.wsgi.application is tropewise.wsgi.application)",
        "tropewise.settings",
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "True"
    assert "wiki.wsgi is deprecated: serve tropewise.wsgi" in loaded.stderr
