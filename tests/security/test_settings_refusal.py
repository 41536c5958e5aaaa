"""The site refuses to start in DEBUG mode for hosts other than this machine."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def start(**environment):
    """Load the settings as a server would, with only `environment` set."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "tropewise.settings",
            **environment,
        },
    )


def test_debug_with_a_public_host_refuses_to_start():
    started = start(DEBUG="true", ALLOWED_HOSTS="tropewise.example")
    assert started.returncode != 0
    assert "DEBUG is on, which is for this machine only" in started.stderr


def test_allowed_hosts_without_debug_set_refuses_to_start():
    started = start(ALLOWED_HOSTS="tropewise.example,127.0.0.1")
    assert started.returncode != 0 and "DEBUG is on" in started.stderr


def test_the_defaults_and_production_settings_start():
    assert start().returncode == 0
    production = start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="tropewise.example")
    assert production.returncode == 0, production.stderr
