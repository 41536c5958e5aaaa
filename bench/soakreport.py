"""What the soak saw: each phase's figures, the checks made on the database and on the pages
served afterwards (lost writes, stale pages), and the targets judged from them."""

import http.client
import json
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from bench.soakload import READS

# The models are imported where they are used: bench.soak imports this module before it has
# configured Django for the servers it starts.

REDIS_CUT, RESTART, AFTER_RESTART = "Redis cut", "PostgreSQL restart", "after PostgreSQL"
MAX_503_SECONDS = 2.0
# A Python exception's last line in a traceback, as gunicorn's log holds them.
EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Timeout|Interrupted|Exit)\b.*)$", re.M)


def report(plan, phases, records, site, run_dir, log):
    """Print the figures, checks and targets; 0 when every target is met, 1 otherwise."""
    names = [name for name, _ in phases]
    for record in records:
        # By the time of its answer: a request answered during a fault went through it.
        record["phase"] = _phase_of(record["answered"], phases)
    print()
    _print_phases(names, records, phases)
    _print_kinds(records)
    window = _503_window(records, phases)
    checks = {
        "lost votes": lost_votes(records),
        "lost edits": lost_edits(records),
        "stale pages": stale_pages(plan, records, phases, site),
    }
    unavailable = [r for r in records if r["status"] == 503]
    print(
        f"\n503s from the PostgreSQL restart on: {window:.1f} s from the first to the last; "
        f"{sum(bool(r.get('retry_after')) for r in unavailable)} of {len(unavailable)} 503s "
        f"said when to retry (Retry-After)"
    )
    _print_checks(plan, records, checks)
    _print_log(log)
    targets = _targets(records, phases, window, checks)
    print("\nTargets:")
    for met, what, seen in targets:
        print(f"  {'PASS' if met else 'FAIL'}  {what}: {seen}")
    summary = {
        "phases": [{"name": name, "start": start} for name, start in phases],
        "window_503_seconds": window,
        "checks": checks,
        "targets": [{"met": met, "what": what, "seen": seen} for met, what, seen in targets],
    }
    (run_dir / "soak.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\nRequests in {run_dir / 'requests.jsonl'}, the summary in {run_dir / 'soak.json'}")
    return 0 if all(met for met, _, _ in targets) else 1


def _span(phases, name):
    """(start, end) of the phase `name`."""
    index = [phase for phase, _ in phases].index(name)
    return phases[index][1], phases[index + 1][1]


def _phase_of(moment, phases):
    current = phases[0][0]
    for name, start in phases:
        if start <= moment:
            current = name
    return current


def _print_phases(names, records, phases):
    starts = dict(phases)
    ends = [start for _, start in phases[1:]] + [max(r["answered"] for r in records)]
    print(
        f"{'phase':20} {'s':>5} {'requests':>8} {'req/s':>6} {'errors':>6} {'p50 ms':>7} "
        f"{'p99 ms':>7}  errors by status (by kind)"
    )
    for name, end in zip(names, ends, strict=True):
        seconds = end - starts[name]
        mine = [r for r in records if r["phase"] == name]
        errors = [r for r in mine if r["outcome"] == "error"]
        p50, p99 = _percentiles(mine)
        print(
            f"{name:20} {seconds:5.1f} {len(mine):8} {len(mine) / seconds:6.0f} "
            f"{len(errors):6} {p50:7.0f} {p99:7.0f}  {_errors_by_status(errors)}"
        )


def _print_kinds(records):
    print(
        f"\n{'kind':20} {'requests':>8} {'ok':>6} {'conflict':>8} {'refused':>7} "
        f"{'errors':>6} {'p50 ms':>7} {'p99 ms':>7}"
    )
    kinds = sorted({r["kind"] for r in records}, key=lambda kind: (kind not in READS, kind))
    for kind in kinds:
        mine = [r for r in records if r["kind"] == kind]
        outcomes = Counter(r["outcome"] for r in mine)
        p50, p99 = _percentiles(mine)
        print(
            f"{kind:20} {len(mine):8} {outcomes['ok']:6} {outcomes['conflict']:8} "
            f"{outcomes['refused']:7} {outcomes['error']:6} {p50:7.0f} {p99:7.0f}"
        )
    retried = sum(r.get("retried", 0) for r in records)
    if retried:
        print(f"({retried} reads sent again after the server closed an idle connection)")


def _percentiles(records):
    latencies = sorted(r["ms"] for r in records)
    if not latencies:
        return 0.0, 0.0
    return (
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.5))],
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )


def _errors_by_status(errors):
    by_status = defaultdict(Counter)
    for record in errors:
        by_status[str(record["status"])][record["kind"]] += 1
    return "  ".join(
        f"{status}×{sum(kinds.values())} ({', '.join(f'{k} {n}' for k, n in kinds.items())})"
        for status, kinds in sorted(by_status.items(), key=lambda item: -sum(item[1].values()))
    )


def _503_window(records, phases):
    """Seconds from the first 503 answered to the last, from the PostgreSQL restart on."""
    restart = dict(phases)[RESTART]
    moments = [r["answered"] for r in records if r["status"] == 503 and r["answered"] >= restart]
    return max(moments) - min(moments) if moments else 0.0


def lost_votes(records):
    """Votes answered as saved that the database does not hold.

    A member's votes are sent one after another, so for each example the last one answered
    as saved is what the database holds, unless a later vote whose answer was lost (an error,
    not a refusal) went through after all.
    """
    from tropes.models import ExampleVote

    votes = defaultdict(list)
    for record in sorted((r for r in records if r["kind"] == "vote"), key=lambda r: r["sent"]):
        votes[record["user"], record["example"]].append(record)
    held = {
        (user, example): value
        for user, example, value in ExampleVote.objects.filter(
            user_id__in={user for user, _ in votes}, example_id__in={e for _, e in votes}
        ).values_list("user_id", "example_id", "value")
    }
    lost = []
    for pair, attempts in votes.items():
        saved = [i for i, attempt in enumerate(attempts) if attempt["outcome"] == "ok"]
        if not saved:
            continue
        last = saved[-1]
        possible = {attempts[last]["value"]} | {
            attempt["value"] for attempt in attempts[last + 1 :] if attempt["outcome"] == "error"
        }
        if held.get(pair) not in possible:
            lost.append(
                {
                    "user": pair[0],
                    "example": pair[1],
                    "saved": attempts[last]["value"],
                    "held": held.get(pair),
                }
            )
    checked = sum(any(a["outcome"] == "ok" for a in attempts) for attempts in votes.values())
    return {"checked": checked, "lost": lost}


def lost_edits(records):
    """Edits answered as saved whose marker is neither in the page nor in its revisions."""
    from wiki.models import Page

    saved = [r for r in records if r["kind"] == "edit save" and r["outcome"] == "ok"]
    page_ids = {r["page"] for r in saved}
    texts = defaultdict(list)
    for page_id, body in Page.objects.filter(pk__in=page_ids).values_list("pk", "body"):
        texts[page_id].append(body)
    for page_id, body in Page.history.filter(id__in=page_ids).values_list("id", "body"):
        texts[page_id].append(body)
    lost = [
        {"page": r["page"], "marker": r["marker"]}
        for r in saved
        if not any(r["marker"] in text for text in texts[r["page"]])
    ]
    return {"checked": len(saved), "lost": lost}


def stale_pages(plan, records, phases, site):
    """Pages whose latest text the database holds but an anonymous reader is not shown.

    Every page an edit was sent to is fetched as a new reader would: a new connection, no
    cookies. The markers it shows must be the ones in the page's text in the database.
    """
    from wiki.models import Page

    # Whole marker lines only: a shortened page description may cut one short.
    marker = re.compile(rf"Marker (soak-{plan['run']}-\d+-\d+)\.")
    edited = {r["page"] for r in records if r["kind"] == "edit save"}
    paths = {page["id"]: page["path"] for page in plan["edited_pages"]}
    stale = []
    for page_id, body in Page.objects.filter(pk__in=edited).values_list("pk", "body"):
        status, html = _fetch_anonymously(site + paths[page_id])
        expected, shown = set(marker.findall(body)), set(marker.findall(html))
        if status != 200 or expected != shown:
            stale.append(
                {
                    "path": paths[page_id],
                    "status": status,
                    "in database": sorted(expected),
                    "shown": sorted(shown),
                }
            )
    return {
        "checked": len(edited),
        "last edited while Redis was cut": _last_edited_during(records, phases, REDIS_CUT),
        "stale": stale,
    }


def _last_edited_during(records, phases, name):
    """How many pages were last edited in phase `name`: with the cut, the hard case, as the
    kept copy and stamp Redis holds are the ones from before the edit."""
    start, end = _span(phases, name)
    last = {}
    for record in sorted(records, key=lambda r: r["answered"]):
        if record["kind"] == "edit save" and record["outcome"] == "ok":
            last[record["page"]] = record["answered"]
    return sum(start <= moment < end for moment in last.values())


def _fetch_anonymously(url):
    address = urlsplit(url)
    client = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        client.request("GET", address.path)
        response = client.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        client.close()


def _print_checks(plan, records, checks):
    saved = Counter(r["kind"] for r in records if r["outcome"] == "ok")
    print(
        f"\nWrites answered as saved: {saved['vote']} votes, {saved['edit save']} edits "
        f"(edits answered with a conflict: "
        f"{sum(r['kind'] == 'edit save' and r['outcome'] == 'conflict' for r in records)})"
    )
    votes, edits, stale = checks["lost votes"], checks["lost edits"], checks["stale pages"]
    print(f"Lost votes: {len(votes['lost'])} of {votes['checked']} member-example pairs voted")
    print(f"Lost edits: {len(edits['lost'])} of {edits['checked']}")
    print(
        f"Stale pages: {len(stale['stale'])} of {stale['checked']} pages edited "
        f"({stale['last edited while Redis was cut']} of them last edited while Redis was cut)"
    )
    for lost in votes["lost"][:5]:
        print(f"  vote lost: {lost}")
    for lost in edits["lost"][:5]:
        print(f"  edit lost: {lost}")
    for page in stale["stale"][:5]:
        print(f"  stale: {page}")


def _print_log(log):
    text = log.read_text(errors="replace")
    tracebacks = text.count("Traceback (most recent call last)")
    print(
        f"\nGunicorn log {log}: {tracebacks} tracebacks, "
        f"{text.count('WORKER TIMEOUT')} worker timeouts"
    )
    for line, count in Counter(EXCEPTION_LINE.findall(text)).most_common(5):
        print(f"  {count:5} × {line[:150]}")


def _targets(records, phases, window, checks):
    """(met, what, what was seen) for each target of the soak."""

    def errors(select):
        return [r for r in records if r["outcome"] == "error" and select(r)]

    cut = _span(phases, REDIS_CUT)
    reads_cut = errors(
        lambda r: r["kind"] in READS and r["sent"] < cut[1] and r["answered"] >= cut[0]
    )
    after = errors(lambda r: r["phase"] == AFTER_RESTART)
    not_503 = errors(lambda r: r["status"] != 503)
    lost = len(checks["lost votes"]["lost"]) + len(checks["lost edits"]["lost"])
    stale = len(checks["stale pages"]["stale"])
    return [
        (
            not reads_cut,
            "no errors on reads while Redis is cut",
            _errors_by_status(reads_cut) or "none",
        ),
        (
            window <= MAX_503_SECONDS,
            f"503s around the PostgreSQL restart last at most {MAX_503_SECONDS:g} s",
            f"{window:.1f} s",
        ),
        (not after, "no errors after the PostgreSQL restart", _errors_by_status(after) or "none"),
        (not lost, "no lost writes", str(lost)),
        (not stale, "no stale pages", str(stale)),
        (
            not not_503,
            "no errors but 503s (no 500s, timeouts or dropped connections)",
            _errors_by_status(not_503) or "none",
        ),
    ]
