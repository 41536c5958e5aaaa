"""The soak's load, from a process of its own: N keep-alive connections, each sending a mix of
anonymous page views, signed-in page views, searches, Go To suggestions, votes and edits until
the time is up. Each connection speaks for one member when it signs in, so a member's votes
are sent one after another and the last one answered is the one the database must hold.

Reads a plan (JSON, written by bench.soak) and writes one JSON line per request: what it was,
when it was sent and answered (wall clock), its status or the error instead of one, what it
meant (ok, error, or a refusal or conflict the site may rightly answer), and for writes what
was written.
"""

import argparse
import http.client
import json
import random
import re
import threading
import time
import urllib.parse

from bench import forms

# How often each kind of request is sent; an edit is two requests, its form then its save.
MIX = {
    "page": 50,
    "page signed in": 15,
    "search": 8,
    "go to": 8,
    "vote": 12,
    "edit": 7,
}
READS = ("page", "page signed in", "search", "go to", "edit form")
TIMEOUT_SECONDS = 15
MARKER_LINE = re.compile(r"\n*Marker soak-[0-9a-z-]+\.")
# Raised by a keep-alive connection the server closed while it was idle: a browser sends
# the request again on a new connection, and so does this, for reads.
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("output")
    args = parser.parse_args()
    with open(args.plan) as file:
        plan = json.load(file)
    deadline = time.monotonic() + plan["seconds"]
    records = []
    threads = [
        # Daemons: an interrupted soak must not wait for its connections' last answers.
        threading.Thread(
            target=Connection(plan, number, records).run, args=(deadline,), daemon=True
        )
        for number in range(plan["connections"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(args.output, "w") as file:
        for record in records:
            file.write(json.dumps(record) + "\n")


class Connection:
    """One keep-alive connection to the site and the member it signs in as."""

    def __init__(self, plan, number, records):
        self.plan = plan
        self.number = number
        self.member = plan["members"][number % len(plan["members"])]
        self.records = records  # list.append is atomic: the threads share it
        self.rng = random.Random(plan["seed"] * 1000 + number)
        self.address = urllib.parse.urlsplit(plan["base"])
        self.client = None
        self.edits = 0
        self.retried = 0  # reads sent again after an idle connection was closed

    def run(self, deadline):
        kinds, weights = zip(*MIX.items(), strict=True)
        while time.monotonic() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            getattr(self, "_" + kind.replace(" ", "_"))()

    def _page(self):
        pages = self.plan["edited_pages"] if self.rng.random() < 0.5 else self.plan["pages"]
        self.send("page", "GET", self.rng.choice(pages)["path"])

    def _page_signed_in(self):
        path = self.rng.choice(self.plan["pages"])["path"]
        self.send("page signed in", "GET", path, self.member["headers"])

    def _search(self):
        words = " ".join(self.rng.sample(self.plan["words"], self.rng.randint(1, 2)))
        self.send("search", "GET", "/search?" + urllib.parse.urlencode({"q": words}))

    def _go_to(self):
        query = urllib.parse.urlencode({"q": self.rng.choice(self.plan["prefixes"])})
        self.send("go to", "GET", "/goto?" + query, {"HX-Request": "true"})

    def _vote(self):
        example = self.rng.choice(self.plan["examples"])
        value = self.rng.randint(1, 5)
        self.send(
            "vote",
            "POST",
            f"/examples/{example}/vote",
            {**self._posting(), "HX-Request": "true"},
            {"value": value},
            saved=lambda status, headers, body: status == 200 and b"Vote saved" in body,
            wrote={"user": self.member["user_id"], "example": example, "value": value},
        )

    def _edit(self):
        page = self.rng.choice(self.plan["edited_pages"])
        path = page["path"] + "/edit"
        answer = self.send("edit form", "GET", path, self.member["headers"])
        if answer is None or answer[0] != 200:
            return
        form = forms.posting_to(answer[2].decode(errors="replace"), self.plan["base"] + path, path)
        if form is None:
            return
        self.edits += 1
        marker = f"soak-{self.plan['run']}-{self.number}-{self.edits}"
        # One marker line a page, replaced by each edit: two edits sent at once change the
        # same line, which the site answers with a conflict rather than a merge.
        body = MARKER_LINE.sub("", form.fields.get("body", "")).rstrip()
        fields = {**form.fields, "body": f"{body}\n\nMarker {marker}.", "summary": marker}
        self.send(
            "edit save",
            "POST",
            path,
            self._posting(),
            fields,
            saved=lambda status, headers, body: (
                status == 302
                and urllib.parse.urlsplit(headers.get("location", "")).path == page["path"]
            ),
            wrote={"page": page["id"], "marker": marker},
        )

    def _posting(self):
        return {**self.member["headers"], "X-CSRFToken": self.member["csrf"]}

    def send(self, kind, method, path, headers=None, fields=None, saved=None, wrote=None):
        """Send one request and record it; (status, headers, body), or None on an error."""
        headers = dict(headers or {})
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        record = {"kind": kind, "sent": time.time(), **(wrote or {})}
        started = time.perf_counter()
        try:
            answer = self._exchange(method, path, headers, body, retry=method == "GET")
        except TimeoutError:
            record.update(status="timeout", outcome="error")
            answer = None
        except (OSError, http.client.HTTPException) as error:
            record.update(status=type(error).__name__, outcome="error")
            answer = None
        else:
            record.update(status=answer[0], outcome=_outcome(kind, answer, saved))
            if answer[0] == 503:
                record["retry_after"] = answer[1].get("retry-after")
        if self.retried:
            record["retried"], self.retried = self.retried, 0
        record["answered"] = time.time()
        record["ms"] = (time.perf_counter() - started) * 1000
        self.records.append(record)
        return answer

    def _exchange(self, method, path, headers, body, retry):
        reused = self.client is not None
        if self.client is None:
            self.client = http.client.HTTPConnection(
                self.address.hostname, self.address.port, timeout=TIMEOUT_SECONDS
            )
        try:
            self.client.request(method, path, body=body, headers=headers)
            response = self.client.getresponse()
            content = response.read()
        except STALE_CONNECTION:
            self._close()
            if reused and retry:
                self.retried += 1
                return self._exchange(method, path, headers, body, retry=False)
            raise
        except BaseException:
            self._close()
            raise
        answer = (response.status, {k.lower(): v for k, v in response.getheaders()}, content)
        if response.will_close:
            self._close()
        return answer

    def _close(self):
        if self.client is not None:
            self.client.close()
            self.client = None


def _outcome(kind, answer, saved):
    """ok; conflict or refused (an answer the site may rightly give a write); or error."""
    status = answer[0]
    if saved is None:
        return "ok" if status == 200 else "error"
    if saved(*answer):
        return "ok"
    if status == 409:
        return "conflict"
    if 400 <= status < 500 and status != 429:
        return "refused"
    return "error"


if __name__ == "__main__":
    main()
