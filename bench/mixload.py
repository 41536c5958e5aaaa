"""The Python side of `manage.py bench --mix`: sends a plan's requests (bench.mixplan) over
keep-alive HTTP/1.1 connections with asyncio, and prints what it saw as JSON.

Two uses. Where wrk drives the reads and votes, this sends the plan's edits alone, at the rate
that keeps them at their share of the mix (--edits-per-second): wrk cannot load a form and
post it back changed. Where there is no wrk, it sends every request of the plan, from a
process or two of its own (--part), as fast as the answers come.

An edit loads the page's edit form, changes one line and saves it: saved is a redirect to the
page; a conflict (409, another editor saved the page meanwhile) is counted apart; anything
else is an error, as is an answer slower than bench.load.TIMEOUT_SECONDS.
"""

import argparse
import asyncio
import json
import time
import urllib.parse

from bench import forms
from bench.load import TIMEOUT_SECONDS

EDIT_MARK = "\n\nBenchmark edit"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("base", help="the site's address, http://host:port")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--part", default="1/1", help="this process's share of the plan: i/n")
    parser.add_argument(
        "--edits-per-second", type=float, help="send the plan's edits alone, at this rate"
    )
    args = parser.parse_args()
    header_sets, requests = read(args.plan)
    if args.edits_per_second is not None:
        requests = [r for r in requests if r[0] == "edit"]
    part, parts = (int(n) for n in args.part.split("/"))
    load = Load(args.base, header_sets, requests, args.edits_per_second)
    start = len(requests) * (part - 1) // parts
    print(json.dumps(asyncio.run(load.run(args.connections, args.seconds, start))))


def read(path):
    """(header sets, requests) of a plan written by bench.mixplan: {name: {header: value}},
    [(kind, method, path, header set, body)]."""
    header_sets, requests = {}, []
    with open(path) as plan:
        for line in plan:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "H":
                pairs = (h.split(": ", 1) for h in fields[2].split("\x1f") if h)
                header_sets[fields[1]] = dict(pairs)
            else:
                requests.append(tuple(fields[1:6]))
    return header_sets, requests


class Load:
    def __init__(self, base, header_sets, requests, edits_per_second=None):
        self.address = urllib.parse.urlsplit(base)
        self.base = base
        self.header_sets = header_sets
        self.requests = requests
        self.interval = 1 / edits_per_second if edits_per_second else 0
        self.tally = {}  # kind -> {"latencies": [ms], "errors": n, "slow": n, ...}
        self.next = 0
        self.scheduled = 0  # edits given their moment so far, when they are paced

    async def run(self, connections, seconds, start=0):
        self.next = start
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        if self.requests:
            await asyncio.gather(*(self._connection() for _ in range(connections)))
        return {"seconds": time.monotonic() - self.started, "kinds": self.tally}

    async def _connection(self):
        client = _Client(self.address)
        while time.monotonic() < self.deadline:
            if self.interval:
                due = self.started + self.scheduled * self.interval
                self.scheduled += 1
                if due > time.monotonic():
                    await asyncio.sleep(due - time.monotonic())
                    if time.monotonic() >= self.deadline:
                        break
            kind, method, path, header_set, body = self.requests[self.next % len(self.requests)]
            self.next += 1
            headers = self.header_sets[header_set]
            if method == "EDIT":
                await self._edit(client, path, headers)
            else:
                answer = await self._send(client, kind, method, path, headers, body)
                if (
                    kind == "vote"
                    and answer
                    and answer[0] == 200
                    and b"Vote saved" not in answer[2]
                ):
                    self._wrong(kind, "200 without Vote saved")
        client.close()

    async def _edit(self, client, path, headers):
        edit = f"{path}/edit"
        answer = await self._send(client, "edit_form", "GET", edit, {"Cookie": headers["Cookie"]})
        if answer is None or answer[0] != 200:
            return
        form = forms.posting_to(answer[2].decode(errors="replace"), self.base + edit, edit)
        if form is None:
            self._wrong("edit_form", "no edit form")
            return
        number = time.time_ns()
        fields = dict(form.fields)
        fields["body"] = fields.get("body", "").split(EDIT_MARK)[0] + f"{EDIT_MARK} {number}."
        fields["summary"] = f"Benchmark edit {number}"
        await self._send(
            client,
            "edit",
            "POST",
            edit,
            headers,
            urllib.parse.urlencode(fields),
            saved=lambda status, headers, body: (
                status == 302 and urllib.parse.urlsplit(headers.get("location", "")).path == path
            ),
        )

    async def _send(self, client, kind, method, path, headers, body="", saved=None):
        """Send one request and count it under `kind`; (status, headers, body), or None when
        no answer came."""
        tally = self._kind(kind)
        tally["sent"] += 1
        started = time.perf_counter()
        try:
            answer = await asyncio.wait_for(client.exchange(method, path, headers, body), 30)
        except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError) as error:
            client.close()
            tally["connection_errors"] += 1
            self._wrong(kind, type(error).__name__)
            return None
        elapsed = time.perf_counter() - started
        tally["answered"] += 1
        tally["bytes"] += len(answer[2])
        tally["latencies"].append(elapsed * 1000)
        status = answer[0]
        if saved is not None and status == 409:
            tally["conflicts"] += 1
        elif not (saved(*answer) if saved else status == 200):
            self._wrong(kind, str(status))
        elif elapsed > TIMEOUT_SECONDS:  # an answer is one error at most
            tally["slow"] += 1
        return answer

    def _wrong(self, kind, what):
        tally = self._kind(kind)
        tally["errors"] += 1
        tally["statuses"][what] = tally["statuses"].get(what, 0) + 1

    def _kind(self, kind):
        if kind not in self.tally:
            self.tally[kind] = {
                "sent": 0,
                "answered": 0,
                "errors": 0,
                "slow": 0,
                "conflicts": 0,
                "connection_errors": 0,
                "bytes": 0,
                "latencies": [],
                "statuses": {},
            }
        return self.tally[kind]


def _vote_saved(status, headers, body):
    return status == 200 and b"Vote saved" in body


class _Client:
    """One keep-alive HTTP/1.1 connection, opened when needed, speaking just enough of the
    protocol. A request that finds its idle connection closed by the server is sent once more
    on a new one, as a browser does."""

    def __init__(self, address):
        self.host, self.port = address.hostname, address.port
        self.reader = self.writer = None

    async def exchange(self, method, path, headers, body):
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            return await self._exchange(method, path, headers, body)
        except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError) as error:
            self.close()
            stale = isinstance(error, asyncio.IncompleteReadError) and not error.partial
            if reused and (stale or not isinstance(error, asyncio.IncompleteReadError)):
                return await self.exchange(method, path, headers, body)
            raise

    async def _exchange(self, method, path, headers, body):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        payload = body.encode()
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(payload)}",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        answer_headers = {}
        for line in head[1:]:
            if line:
                name, _, value = line.partition(":")
                answer_headers[name.strip().lower()] = value.strip()
        closes = answer_headers.get("connection", "").lower() == "close"
        if "content-length" in answer_headers:
            content = await self.reader.readexactly(int(answer_headers["content-length"]))
        elif answer_headers.get("transfer-encoding", "").lower() == "chunked":
            content = await self._chunks()
        elif status in (204, 304) or status < 200:
            content = b""
        else:
            content, closes = await self.reader.read(), True  # to the end: the server closes
        if closes:
            self.close()
        return status, answer_headers, content

    async def _chunks(self):
        content = bytearray()
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await self.reader.readexactly(size + 2)  # with its closing CRLF
            content += chunk[:-2]
            if size == 0:
                return bytes(content)

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


if __name__ == "__main__":
    main()
