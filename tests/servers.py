"""Real app servers for the scale-out tests, and a small browser to talk to them.

`AppServer` runs `gunicorn tropewise.wsgi:application` in production mode (DEBUG off) on the
test database; `Browser` is a user agent with its own cookie jar, speaking plain HTTP
through the standard library.
"""

import http.cookiejar
import os
import secrets
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis

from bench import forms
from bench.servers import free_port, wait_until_answering

PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN = PROJECT_DIR / ".venv" / "bin" / "gunicorn"
PYTHON = PROJECT_DIR / ".venv" / "bin" / "python"
# A database of its own, so flushing it between tests never touches anyone's data.
REDIS_DB = 15


def redis_url():
    """REDIS_URL's server (127.0.0.1:6379 unless set), always in database REDIS_DB."""
    address = urllib.parse.urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    return urllib.parse.urlunsplit((address.scheme, address.netloc, f"/{REDIS_DB}", "", ""))


def redis_missing():
    """Why Redis cannot be used here, or "" when it answers."""
    url = redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        address = urllib.parse.urlsplit(url)
        return f"the scale-out tests need Redis at {address.hostname}:{address.port}: {error}"
    return ""


def flush_shared_cache():
    redis.Redis.from_url(redis_url()).flushdb()


def production_environment(workdir, database):
    """What an app server reads in production, pointed at `database` (a settings_dict).

    Static files are collected into `workdir`, never into var/. The environment is built
    from nothing rather than copied from os.environ, so a developer's own settings (DEBUG,
    DATABASE_URL, rate limits) never leak into the servers.
    """
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PROJECT_DIR),
        "DJANGO_SETTINGS_MODULE": "tropewise.settings",
        "STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": database_url(database),
        "REDIS_URL": redis_url(),
        "DEBUG": "false",
        # One key for both servers, as in production: each must read what the other signed.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP here, as behind a TLS proxy
        "VOTE_MIN_ACCOUNT_AGE_HOURS": "0",  # test accounts are seconds old
    }


def database_url(database):
    """The postgres:// URL of a Django DATABASES entry."""
    quote = urllib.parse.quote
    credentials = quote(database["USER"] or "")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"])
    host = database["HOST"] or ""
    if database["PORT"]:
        host += f":{database['PORT']}"
    return f"postgres://{credentials}@{host}/{quote(database['NAME'])}"


def collect_static(environment):
    """Build the hashed-name manifest that DEBUG off needs to render any page."""
    done = subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"collectstatic failed:\n{done.stderr[-5000:]}")


class AppServer:
    """One `gunicorn tropewise.wsgi:application` with two workers, on a free local port."""

    def __init__(self, name, environment, log_path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    GUNICORN,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "tropewise.wsgi:application",
                ],
                cwd=PROJECT_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def __repr__(self):
        return f"<AppServer {self.name} at {self.url}>"

    def wait_until_up(self, timeout=30):
        """Return once the server answers HTTP (any status); fail with its log if it dies."""
        try:
            wait_until_answering(self.url + "/accounts/login", self.process, timeout)
        except RuntimeError as failure:
            raise RuntimeError(f"server {self.name}: {failure}\n{self.log()}") from None

    def stop(self):
        self.process.terminate()
        try:
            # gunicorn's master waits for its workers, so once it is gone their database
            # connections are closed and the test database can be dropped.
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]


@dataclass
class Response:
    url: str
    status: int
    text: str
    location: str

    def form(self, action):
        """The values a browser would submit from the form posting to path `action`."""
        form = forms.posting_to(self.text, self.url, action)
        if form is None:
            raise AssertionError(f"no form posting to {action} on {self.url} ({self.status})")
        return form


class Browser:
    """A person's browser: one cookie jar, no JavaScript, redirects left for tests to see.

    Cookies belong to a host, not to a port, so whatever server A sets (the session, the
    CSRF cookie) this browser also sends to server B, as it would behind one load balancer.
    """

    def __init__(self):
        # DEBUG off marks cookies Secure while these servers speak plain HTTP (production
        # has a TLS proxy in front); send them back anyway, as the proxy's clients do.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects()
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def submit(self, form, **changes):
        """POST `form` with `changes` made to its fields, as clicking its button would."""
        body = urllib.parse.urlencode({**form.fields, **changes}).encode()
        return self._open(urllib.request.Request(form.url, data=body, method="POST"))

    def _open(self, request):
        try:
            response = self._opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx still have a page
            response = error
        with response:
            text = response.read().decode("utf-8", errors="replace")
            return Response(
                request.full_url, response.status, text, response.headers.get("Location", "")
            )


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # hand the 3xx back as it is
