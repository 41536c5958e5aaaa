"""Votes and edit saves sent one after another by a signed-in member, timed one by one."""

import time

from bench import client, forms


def writes(label, site, count, member, make, saved):
    """`count` writes one after the other (one connection), `make(i)` giving each one's
    path, fields and headers untimed: their latency. An answer not `saved` is an error."""
    times, errors = [], 0
    for i in range(count):
        path, fields, headers = make(i)
        started = time.perf_counter()
        response = client.post(site + path, member, fields, headers)
        times.append((time.perf_counter() - started) * 1000)
        errors += not saved(response)
    times.sort()
    return {
        "what": f"{label}, one connection",
        "rps": len(times) / (sum(times) / 1000),
        "p50_ms": times[len(times) // 2],
        "p99_ms": times[int(len(times) * 0.99)],
        "requests": len(times),
        "errors": errors,
        "refused": errors,
        "timeouts": 0,
        "connection_errors": 0,
        "queries": response.queries,
        "bytes": len(response.body),
    }


def votes(site, count, member, example):
    return writes(
        "vote",
        site,
        count,
        member,
        lambda i: (
            f"/examples/{example.pk}/vote",
            {"value": str(i % 5 + 1)},
            {"HX-Request": "true"},
        ),
        saved=lambda answer: b"Vote saved" in answer.body,
    )


def edits(site, count, member, page):
    """Page edits, each from a freshly loaded form as an editor would send it."""
    path = page.get_absolute_url() + "/edit"

    def edit(i):
        served = client.request(site + path, headers=member.headers).body.decode()
        fields = forms.posting_to(served, site + path, path).fields
        fields["body"] = fields.get("body", "").split("\n\nBenchmark edit")[0] + (
            f"\n\nBenchmark edit {i}."
        )
        fields["summary"] = f"Benchmark edit {i}"
        return path, fields, {}

    return writes(
        "edit save",
        site,
        count,
        member,
        edit,
        saved=lambda answer: answer.status == 302 and answer.location == page.get_absolute_url(),
    )
