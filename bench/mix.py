"""`manage.py bench --mix`: TV Tropes-like traffic (bench.mixplan) against the site served as
in production, beside the bare Django view answering the mix's mean response size.

wrk sends the page views, searches, Go To and votes (bench/lua/mix.lua, which times each kind
apart), while bench.mixload sends the edits beside it at their share of the mix, on two of the
connections. Without wrk, bench.mixload sends everything from two processes. A warm-up run of
the same mix comes first: it fills the caches as hours of traffic would, and its rate sets the
edits' pace for the measured run.
"""

import json
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench import client, load, mixplan, servers

MIX_LUA = Path(__file__).with_name("lua") / "mix.lua"
BUCKET = 1.02  # latencies are counted in buckets this many times wider than the one before
EDIT_CONNECTIONS = 2
# Order and names of the rows; the anonymous kinds are the page's kind (or history, index).
ROWS = [
    ("anonymous", "anonymous page views"),
    ("home", "  home page"),
    ("work", "  work pages"),
    ("trope", "  trope pages"),
    ("index", "  index pages"),
    ("history", "  history pages"),
    ("other", "  other pages"),
    ("signed_in", "signed-in page views"),
    ("search", "search"),
    ("goto", "go to suggestions"),
    ("vote", "votes"),
    ("edit", "edit saves"),
    ("edit_form", "edit forms (before each save)"),
]
ANONYMOUS = {"home", "work", "trope", "index", "history", "other"}
TARGETS = {"ratio": 0.4, "p99_ms": 100, "errors": 0, "worker_mb": 250}


def run(site_env, workers, threads, connections, quick, seconds, report):
    """Run the mix; returns its figures. `report(line)` is told what is happening."""
    seconds = seconds or (5 if quick else 30)
    warm_up = 2 if quick else 10
    with tempfile.TemporaryDirectory() as directory:
        report("Writing the plan: addresses in a random order, members signed in …")
        plan = mixplan.write(Path(directory) / "plan.tsv", 20_000 if quick else 200_000)
        with (
            servers.gunicorn("bench.wsgi:application", site_env, workers, threads) as site,
            servers.gunicorn(
                "bench.bare_wsgi:application", {}, workers, threads, probe="/1"
            ) as bare,
        ):
            _check_members(site, plan)
            report(f"  warm-up, {warm_up} s …")
            warm = _drive(site, plan, connections, warm_up, edits_per_second=0)
            rate = warm["answered"] / warm["seconds"]
            edits = rate * mixplan.MIX["edit"] / (100 - mixplan.MIX["edit"])
            paced = f", edits at {edits:.1f} a second" if load.tool() == "wrk" else ""
            report(f"  the mix, {seconds:g} s{paced} …")
            measured = _drive(site, plan, connections, seconds, edits)
            memory = servers.worker_memory(site.pid)
            kinds = measured["kinds"]
            answered = sum(k["answered"] for k in kinds.values())
            mean_bytes = round(sum(k["bytes"] for k in kinds.values()) / max(answered, 1))
            report(f"  bare view, {mean_bytes / 1024:.1f} KB …")
            yardstick = load.run(f"{bare}/{mean_bytes}", connections, min(seconds, 10))
    return _figures(plan, measured, memory, mean_bytes, yardstick, connections, seconds, warm_up)


def _check_members(site, plan):
    """Refuse to measure a mix whose members would be served as anonymous readers."""
    for member in (plan.members[0], plan.editors[0]):
        page = client.request(site + "/", headers=member.headers)
        if member.username.encode() not in page.body:
            raise RuntimeError(f"{member.username} is not signed in on {site}: check sessions")


def _drive(site, plan, connections, seconds, edits_per_second):
    """Send the plan for `seconds`: {"seconds", "answered", "kinds": {kind: tally},
    "connection_errors"}."""
    if load.tool() != "wrk":
        return _python(site, plan, connections, seconds)
    side = None
    if edits_per_second:
        side = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.mixload",
                plan.path,
                site,
                "--connections",
                str(EDIT_CONNECTIONS),
                "--seconds",
                str(seconds),
                "--edits-per-second",
                f"{edits_per_second:.3f}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
    command = [
        "wrk",
        "-t2",
        f"-c{connections - EDIT_CONNECTIONS}",
        f"-d{seconds}s",
        # Long enough that no answer is given up on: mix.lua counts those over 2 s itself.
        "--timeout",
        "30s",
        "-s",
        str(MIX_LUA),
        site,
        "--",
        plan.path,
        "2",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = _parse_wrk(out)
    if side is not None:
        edits, _ = side.communicate()
        if side.returncode:
            raise RuntimeError(f"bench.mixload failed with exit status {side.returncode}")
        for kind, tally in json.loads(edits)["kinds"].items():
            result["kinds"][kind] = _bucketed(tally)
    result["answered"] = sum(k["answered"] for k in result["kinds"].values())
    return result


def _parse_wrk(out):
    kinds = {}
    for line in out.splitlines():
        fields = line.split("\t")
        if fields[0] != "TALLY":
            continue
        kind, what, n = fields[1], fields[2], int(fields[-1])
        tally = kinds.setdefault(kind, _empty())
        if what == "bucket":
            tally["buckets"][int(fields[3])] += n
        elif what == "status":
            tally["statuses"][fields[3]] += n
        else:
            tally[what] += n
    summary = re.search(r"^WRK\t(.*)$", out, re.M)
    if summary is None:
        raise RuntimeError(f"wrk printed no figures:\n{out}")
    values = dict(field.split("=") for field in summary.group(1).split("\t"))
    socket = sum(int(values[k]) for k in ("connect", "read", "write", "timeout"))
    return {"seconds": float(values["seconds"]), "kinds": kinds, "connection_errors": socket}


def _python(site, plan, connections, seconds):
    """Everything from bench.mixload, in two processes: one shares the GIL with its
    connections, and the machine has two cores to share with the site."""
    parts = 2
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.mixload",
                plan.path,
                site,
                "--connections",
                str(connections // parts),
                "--seconds",
                str(seconds),
                "--part",
                f"{part}/{parts}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for part in range(1, parts + 1)
    ]
    result = {"seconds": 0.0, "kinds": {}, "connection_errors": 0}
    for process in processes:
        out, _ = process.communicate()
        if process.returncode:
            raise RuntimeError(f"bench.mixload failed with exit status {process.returncode}")
        figures = json.loads(out)
        result["seconds"] = max(result["seconds"], figures["seconds"])
        for kind, tally in figures["kinds"].items():
            merged = result["kinds"].setdefault(kind, _empty())
            _add(merged, _bucketed(tally))
    result["answered"] = sum(k["answered"] for k in result["kinds"].values())
    return result


def _empty():
    return {
        "sent": 0,
        "answered": 0,
        "errors": 0,
        "slow": 0,
        "conflicts": 0,
        "connection_errors": 0,
        "bytes": 0,
        "buckets": Counter(),
        "statuses": Counter(),
    }


def _bucketed(tally):
    """bench.mixload's tally, its latencies counted in buckets as mix.lua counts them."""
    result = _empty()
    for key in result:
        if key not in ("buckets", "statuses"):
            result[key] = tally.get(key, 0)
    result["statuses"].update(tally.get("statuses", {}))
    for ms in tally.get("latencies", []):
        result["buckets"][math.floor(math.log(max(ms * 1000, 1)) / math.log(BUCKET))] += 1
    return result


def _add(into, tally):
    for key, value in tally.items():
        if isinstance(value, Counter):
            into[key].update(value)
        else:
            into[key] += value


def _percentile(buckets, p):
    """The latency in ms below which p of the answers came (the middle of its bucket)."""
    total = sum(buckets.values())
    if not total:
        return None
    rank, seen = math.ceil(total * p), 0
    for bucket in sorted(buckets):
        seen += buckets[bucket]
        if seen >= rank:
            return BUCKET ** (bucket + 0.5) / 1000
    return None


def _row(tally, seconds, total):
    errors = tally["errors"] + tally["slow"] + tally["connection_errors"]
    return {
        "requests": tally["answered"],
        "share": tally["answered"] / total if total else 0,
        "rps": tally["answered"] / seconds,
        "p50_ms": _percentile(tally["buckets"], 0.5),
        "p99_ms": _percentile(tally["buckets"], 0.99),
        "errors": errors,
        "refused": tally["errors"],
        "timeouts": tally["slow"],
        "connection_errors": tally["connection_errors"],
        "conflicts": tally["conflicts"],
        "statuses": dict(tally["statuses"]),
        "bytes": tally["bytes"] / tally["answered"] if tally["answered"] else 0,
    }


def _figures(plan, measured, memory, mean_bytes, yardstick, connections, seconds, warm_up):
    kinds, elapsed = measured["kinds"], measured["seconds"]
    anonymous = _empty()
    overall = _empty()
    for kind, tally in kinds.items():
        if kind in ANONYMOUS:
            _add(anonymous, tally)
        _add(overall, tally)
    overall["connection_errors"] += measured["connection_errors"]
    total = overall["answered"]
    rows = {}
    for kind, _ in ROWS:
        tally = anonymous if kind == "anonymous" else kinds.get(kind)
        if tally is not None and tally["sent"]:
            rows[kind] = _row(tally, elapsed, total)
    rows["overall"] = _row(overall, elapsed, total)
    ratio = rows["overall"]["rps"] / yardstick["rps"] if yardstick["rps"] else None
    worker_mb = {pid: rss / 2**20 for pid, rss in sorted(memory.items())}
    return {
        "plan": {
            "addresses": plan.addresses,
            "zipf_s": mixplan.ZIPF_S,
            "mix_percent": mixplan.MIX,
            "members": len(plan.members),
            "editors": len(plan.editors),
            "requests_in_plan": plan.requests,
        },
        "load": {
            "tool": load.tool(),
            "connections": connections,
            "edit_connections": EDIT_CONNECTIONS if load.tool() == "wrk" else 0,
            "seconds": elapsed,
            "warm_up_seconds": warm_up,
        },
        "rows": rows,
        "bare": {"bytes": mean_bytes, **yardstick},
        "ratio": ratio,
        "worker_mb": worker_mb,
        "targets": {
            "ratio": _judged(ratio, ratio is not None and ratio >= TARGETS["ratio"]),
            "p99_ms": _judged(
                rows["overall"]["p99_ms"],
                rows["overall"]["p99_ms"] is not None
                and rows["overall"]["p99_ms"] <= TARGETS["p99_ms"],
            ),
            "errors": _judged(rows["overall"]["errors"], rows["overall"]["errors"] == 0),
            "worker_mb": _judged(
                max(worker_mb.values(), default=None),
                bool(worker_mb) and max(worker_mb.values()) <= TARGETS["worker_mb"],
            ),
        },
    }


def _judged(value, met):
    return {"value": value, "met": met}


def print_figures(figures, write):
    """The mix's table, its errors and its target line, through `write(line)`."""
    plan, run_ = figures["plan"], figures["load"]
    driver = (
        f"wrk on {run_['connections'] - run_['edit_connections']} connections and "
        f"bench.mixload's edits on {run_['edit_connections']}"
        if run_["tool"] == "wrk"
        else f"bench.mixload on {run_['connections']} connections"
    )
    write(
        f"\nTraffic mix: {plan['addresses']:,} addresses drawn by Zipf (s = {plan['zipf_s']}), "
        f"{plan['members']} members, {plan['editors']} trusted editors; {driver}; "
        f"{run_['seconds']:.0f} s after a {run_['warm_up_seconds']} s warm-up"
    )
    write(f"{'':32} {'share':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'KB':>6}")
    names = dict(ROWS, overall="overall")
    for kind, row in figures["rows"].items():
        write(
            f"{names[kind]:32} {row['share']:6.1%} {row['rps']:8.0f} {_ms(row['p50_ms'])} "
            f"{_ms(row['p99_ms'])} {row['errors']:6} {row['bytes'] / 1024:6.1f}"
        )
    bare = figures["bare"]
    write(
        f"{'bare Django, mean size':32} {'':6} {bare['rps']:8.0f} {'':17} {'':6} "
        f"{bare['bytes'] / 1024:6.1f}"
    )
    for kind, row in figures["rows"].items():
        if kind == "overall":
            continue
        if row["errors"] or row["conflicts"]:
            parts = [f"{n} × {status}" for status, n in sorted(row["statuses"].items())]
            if row["timeouts"]:
                parts.append(f"{row['timeouts']} over {load.TIMEOUT_SECONDS} s")
            if row["connection_errors"]:
                parts.append(f"{row['connection_errors']} connection errors")
            if row["conflicts"]:
                parts.append(f"{row['conflicts']} conflicts (not errors)")
            write(f"  {names[kind].strip()}: " + ", ".join(parts))
    overall = figures["rows"]["overall"]
    unattributed = overall["connection_errors"] - sum(
        r["connection_errors"] for k, r in figures["rows"].items() if k != "overall"
    )
    if unattributed:
        write(f"  connection errors or answers over 30 s, as wrk counts them: {unattributed}")
    memory = ", ".join(f"{mb:.0f}" for mb in figures["worker_mb"].values()) or "unknown"
    write(f"Each worker's memory at the end (RSS): {memory} MB")
    targets = figures["targets"]
    write(
        "Target: "
        + "; ".join(
            [
                f"overall ≥ {TARGETS['ratio']} × bare: {_ratio(targets['ratio']['value'])} "
                + _met(targets["ratio"]),
                f"p99 ≤ {TARGETS['p99_ms']} ms: {_ms(targets['p99_ms']['value']).strip()} ms "
                + _met(targets["p99_ms"]),
                f"0 errors: {targets['errors']['value']} " + _met(targets["errors"]),
                f"each worker ≤ {TARGETS['worker_mb']} MB: "
                f"{_mb(targets['worker_mb']['value'])} at most " + _met(targets["worker_mb"]),
            ]
        )
    )


def _ms(value):
    return f"{value:8.1f}" if value is not None else f"{'—':>8}"


def _ratio(value):
    return f"{value:.2f} × bare" if value is not None else "—"


def _mb(value):
    return f"{value:.0f} MB" if value is not None else "unknown"


def _met(judged):
    return "(met)" if judged["met"] else "(missed)"
