"""The results of a run: ratios to the references, targets, Markdown, JSON."""

import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tests.bench import database
from tests.bench.runner import Measurement, Run, as_dict

PACKAGES = (
    "django",
    "uvicorn",
    "uvloop",
    "httptools",
    "gunicorn",
    "asyncmy",
    "aiomcache",
    "jinja2",
    "django-ninja",
)
# What each target needs of the page-cache hits: every page kind measured
# with the page cache on, except the short text, which it never stores.
CACHED_KINDS = ("home", "detail", "category", "search-page", "api-search", "api-detail")


@dataclass(frozen=True)
class Target:
    name: str
    figure: float | None
    limit: str
    met: bool | None
    note: str = ""


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    output = (result.stdout or result.stderr).strip()
    return output.splitlines()[0] if output else "unknown"


def machine(run: Run) -> dict[str, Any]:
    """Describe the machine and the software versions of the run."""
    cpu_model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    versions = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["wrk"] = _first_line(["wrk", "--version"]).split(" [")[0]
    versions["memcached"] = _first_line(["memcached", "-V"])
    with database.connection(run.mysql) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        versions["mariadb"] = cursor.fetchone()[0]
        cursor.execute("SELECT @@innodb_buffer_pool_size")
        buffer_pool = int(cursor.fetchone()[0])
    project = Path(__file__).resolve().parents[2]
    commit = _first_line(["git", "-C", str(project), "rev-parse", "--short", "HEAD"])
    dirty = _first_line(["git", "-C", str(project), "status", "--porcelain"])
    return {
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "innodb_buffer_pool_mb": buffer_pool // (1024 * 1024),
        "versions": versions,
        "commit": commit
        + (" (with uncommitted changes)" if dirty != "unknown" else ""),
    }


def _ratio(value: float, reference: float) -> float | None:
    return value / reference if reference else None


@dataclass(frozen=True)
class Reference:
    """A reference's figures: the mean over the rounds a scenario sits in."""

    rps: float
    p50_ms: float
    p99_ms: float
    rounds: tuple[int, ...]


def reference_for(run: Run, name: str, measurement: Measurement) -> Reference:
    """Return reference `name` for `measurement`.

    A scenario is divided by the mean of the rounds measured just before
    and just after its phase; a reference itself by the mean of all rounds,
    so its ratios show how far its rounds drifted.
    """
    rounds = run.reference_rounds
    if measurement.key.startswith(("bare/", "sync/")):
        chosen = list(range(len(rounds)))
    else:
        first = measurement.reference_round
        chosen = [first] + ([first + 1] if first + 1 < len(rounds) else [])
    results = [rounds[number][name].result for number in chosen]
    return Reference(
        rps=statistics.fmean(result.rps for result in results),
        p50_ms=statistics.fmean(result.p50_ms for result in results),
        p99_ms=statistics.fmean(result.p99_ms for result in results),
        rounds=tuple(chosen),
    )


def _with_ratios(run: Run, measurement: Measurement) -> dict[str, Any]:
    data = as_dict(measurement)
    result = measurement.result
    for name in ("bare", "sync"):
        reference = reference_for(run, name, measurement)
        data[f"rps_vs_{name}"] = _ratio(result.rps, reference.rps)
        data[f"p50_vs_{name}"] = _ratio(result.p50_ms, reference.p50_ms)
        data[f"p99_vs_{name}"] = _ratio(result.p99_ms, reference.p99_ms)
        data["reference_rounds"] = list(reference.rounds)
    return data


def _target(
    name: str,
    figure: float | None,
    limit: str,
    passes: Callable[[float], bool],
    note: str = "",
) -> Target:
    if figure is None:
        return Target(name, None, limit, None, note or "not measured in this run")
    return Target(name, figure, limit, passes(figure), note)


def targets(scenarios: dict[str, dict[str, Any]], run: Run) -> list[Target]:
    def get(key: str, field: str) -> float | None:
        value = scenarios.get(key, {}).get(field)
        return None if value is None else float(value)

    found = []
    found.append(
        _target(
            "short text through amo (page cache on), req/s ÷ sync Django",
            get("heartbeat/on", "rps_vs_sync"),
            "≥ 2",
            lambda figure: figure >= 2,
        )
    )
    cached = [
        (scenarios[f"{kind}/on"]["rps_vs_bare"], kind)
        for kind in CACHED_KINDS
        if f"{kind}/on" in scenarios
    ]
    worst = min(cached) if cached else None
    found.append(
        _target(
            "page-cache hits, req/s ÷ bare ASGI (the lowest page kind)",
            worst[0] if worst else None,
            "≥ 0.25",
            lambda figure: figure >= 0.25,
            f"lowest: {worst[1]}" if worst else "",
        )
    )
    found.append(
        _target(
            "detail page, page cache off, req/s ÷ sync Django",
            get("detail/off", "rps_vs_sync"),
            "≥ 0.4",
            lambda figure: figure >= 0.4,
        )
    )
    found.append(
        _target(
            f"errors at {run.options.burst_connections} connections (detail, "
            "page cache off)",
            get("burst", "errors"),
            "= 0",
            lambda figure: figure == 0,
        )
    )
    found.append(
        _target(
            "mixed load: p99 of page-cache hits, ms",
            get("mixed", "p99_ms"),
            "< 50",
            lambda figure: figure < 50,
        )
    )
    small, large = run.options.search_sizes[0], run.options.search_sizes[-1]
    found.append(
        _target(
            f"API search p99 over {large:,} add-ons, ms",
            get(f"search/{large}", "p99_ms"),
            "≤ 100",
            lambda figure: figure <= 100,
        )
    )
    p50_large = get(f"search/{large}", "p50_ms")
    p50_small = get(f"search/{small}", "p50_ms")
    growth = p50_large / p50_small if p50_large and p50_small else None
    found.append(
        _target(
            f"API search p50 over {large:,} ÷ p50 over {small:,} add-ons",
            growth,
            "≤ 1.5",
            lambda figure: figure <= 1.5,
        )
    )
    updates = [
        (data["rps_vs_bare"], key)
        for key, data in scenarios.items()
        if key.startswith("update/") and data["rps_vs_bare"] is not None
    ]
    slowest = min(updates) if updates else None
    found.append(
        _target(
            "update checks on a warm cache, req/s ÷ bare ASGI (the slower "
            "connection count)",
            slowest[0] if slowest else None,
            "≥ 0.15",
            lambda figure: figure >= 0.15,
            f"lowest: {slowest[1]}" if slowest else "",
        )
    )
    errors = sum(int(data["errors"]) for data in scenarios.values())
    found.append(
        _target(
            "errors over every scenario",
            float(errors),
            "= 0",
            lambda figure: figure == 0,
        )
    )
    return found


def build(run: Run) -> dict[str, Any]:
    scenarios = {m.key: _with_ratios(run, m) for m in run.measurements}
    options = {
        name: str(value) if isinstance(value, Path) else value
        for name, value in asdict(run.options).items()
    }
    return {
        "started": run.started_at.isoformat(timespec="seconds"),
        "finished": run.finished_at.isoformat(timespec="seconds"),
        "command": run.command,
        "options": options,
        "machine": machine(run),
        "catalogues": [
            {**asdict(catalogue), "label": catalogue.label}
            for catalogue in run.catalogues
        ],
        "scenarios": list(scenarios.values()),
        "skipped": [{"key": key, "reason": reason} for key, reason in run.skipped],
        "targets": [asdict(target) for target in targets(scenarios, run)],
    }


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def scenario_table(report: dict[str, Any]) -> str:
    header = (
        "| scenario | conns | req/s | p50 ms | p99 ms | errors | page-cache hits "
        "| req/s ÷ bare | req/s ÷ sync | p50 ÷ bare | p50 ÷ sync | p99 ÷ bare "
        "| p99 ÷ sync | load |"
    )
    lines = [header, "|" + " --- |" * 14]
    for data in report["scenarios"]:
        lines.append(
            "| "
            + " | ".join(
                [
                    f"{data['title']} (`{data['key']}`)",
                    str(data["connections"]),
                    _number(data["rps"], 0),
                    _number(data["p50_ms"]),
                    _number(data["p99_ms"]),
                    str(data["errors"]),
                    _percent(data["page_cache_hit_rate"]),
                    _number(data.get("rps_vs_bare"), 3),
                    _number(data.get("rps_vs_sync"), 3),
                    _number(data.get("p50_vs_bare"), 1),
                    _number(data.get("p50_vs_sync"), 1),
                    _number(data.get("p99_vs_bare"), 1),
                    _number(data.get("p99_vs_sync"), 1),
                    _number(data.get("load_average"), 1),
                ]
            )
            + " |"
        )
        companion = data.get("companion")
        if companion:
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"… beside it, {companion['title']}",
                        str(data["connections"]),
                        _number(companion["rps"], 0),
                        _number(companion["p50_ms"]),
                        _number(companion["p99_ms"]),
                        str(companion["errors"]),
                        *["–"] * 8,
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def target_table(report: dict[str, Any]) -> str:
    lines = ["| target | figure | limit | met |", "| --- | --- | --- | --- |"]
    for target in report["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[target["met"]]
        note = f" ({target['note']})" if target["note"] else ""
        lines.append(
            f"| {target['name']}{note} | {_number(target['figure'])} "
            f"| {target['limit']} | {met} |"
        )
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    info = report["machine"]
    versions = ", ".join(f"{name} {value}" for name, value in info["versions"].items())
    catalogues = "; ".join(
        f"`{c['database']}`: {c['label']}" for c in report["catalogues"]
    )
    parts = [
        f"Run of {report['started']} to {report['finished']} (UTC), amo "
        f"{info['commit']}: `{report['command']}`",
        "",
        f"Machine: {info['cores']} cores ({info['cpu_model']}), "
        f"{info['memory_gb']} GB RAM, Linux {info['kernel']}, InnoDB buffer pool "
        f"{info['innodb_buffer_pool_mb']} MB. Versions: {versions}.",
        "",
        f"Catalogues: {catalogues}.",
        "",
        "Ratios divide by the references measured just before and after each "
        "phase (mean of those rounds). The load column is the 1-minute load "
        f"average when the scenario ended; above {info['cores']}, other work "
        "shared the CPU.",
        "",
        scenario_table(report),
        "",
        target_table(report),
    ]
    if report["skipped"]:
        parts += ["", "Skipped:"]
        parts += [f"- `{s['key']}`: {s['reason']}" for s in report["skipped"]]
    return "\n".join(parts) + "\n"


def write(report: dict[str, Any], output: Path) -> tuple[Path, Path]:
    """Write the report as JSON and Markdown, time-stamped and as latest."""
    output.mkdir(parents=True, exist_ok=True)
    stamp = report["started"].replace("+00:00", "Z").replace(":", "")
    text = markdown(report)
    data = json.dumps(report, indent=2, ensure_ascii=False)
    for name in (f"results-{stamp}", "latest"):
        (output / f"{name}.json").write_text(data + "\n", encoding="utf-8")
        (output / f"{name}.md").write_text(text, encoding="utf-8")
    return output / "latest.json", output / "latest.md"
