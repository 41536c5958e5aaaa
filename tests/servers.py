"""Real app servers for the scale-out tests, and a small browser to talk to them.

`AppServer` runs `gunicorn wiki.wsgi:application` in production mode (DEBUG off) on the
test database; `Browser` is a user agent with its own cookie jar, speaking plain HTTP
through the standard library.
"""

import html.parser
import http.cookiejar
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis

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
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
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
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True,
    )
    if done.returncode:
        raise RuntimeError(f"collectstatic failed:\n{done.stderr[-5000:]}")


class AppServer:
    """One `gunicorn wiki.wsgi:application` with two workers, on a free local port."""

    def __init__(self, name, environment, log_path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                 "wiki.wsgi:application"],
                cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )

    def __repr__(self):
        return f"<AppServer {self.name} at {self.url}>"

    def wait_until_up(self, timeout=30):
        """Return once the server answers HTTP (any status); fail with its log if it dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url + "/accounts/login", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)  # still starting: nothing listens on the port yet
        raise RuntimeError(f"server {self.name} did not answer in {timeout}s:\n{self.log()}")

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


def free_port():
    # The OS picks a port nobody holds; gunicorn binds it a moment later.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    url: str
    status: int
    text: str
    location: str

    def form(self, action):
        """The values a browser would submit from the form posting to path `action`."""
        reader = _FormReader(self.url)
        reader.feed(self.text)
        for form in reader.forms:
            if urllib.parse.urlsplit(form.url).path == action:
                return form
        raise AssertionError(f"no form posting to {action} on {self.url} ({self.status})")


@dataclass
class Form:
    url: str
    fields: dict


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
            return Response(request.full_url, response.status, text,
                            response.headers.get("Location", ""))


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # hand the 3xx back as it is


class _FormReader(html.parser.HTMLParser):
    """Every form on a page, with the values its fields hold as served."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self._form = None
        self._select = None  # the name of the <select> being read
        self._textarea = None  # the name of the <textarea> being read
        self._option = None  # the attributes of the <option> being read
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.page_url, attrs.get("action", ""))
            self._form = Form(action, {})
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.fields[attrs["name"]] = attrs.get("value", "on")
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name", ""), ""
        elif tag == "select":
            self._select = attrs.get("name", "")
        elif tag == "option" and self._select:
            self._option, self._text = attrs, ""

    def handle_data(self, data):
        self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops the newline that Django writes after <textarea>.
            self._form.fields[self._textarea] = self._text.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", self._text.strip())
            # The first option is the answer unless a later one is selected.
            if "selected" in self._option or self._select not in self._form.fields:
                self._form.fields[self._select] = value
            self._option = None
        elif tag == "select":
            self._select = None
