"""One benchmark run: databases, path lists, servers, then each scenario.

The order of a run:

1. prepare the catalogue databases (tests.bench.database) and collect the
   static files;
2. build the path lists of every page kind from the main catalogue;
3. start memcached; measure the bare ASGI and the sync Django references;
4. start amo with the page cache on, then off, and measure every page kind
   (each after a warm-up pass that requests every path once), the mixed
   load (with the cache on), the update checks (with the cache on; the page
   cache does not take part in them) and the burst at many connections
   (off);
5. start amo over each search catalogue and measure search latency;
6. measure the references again. They are also measured between the
   phases, unless the options turn that off (the quick mode does).

Only one server besides memcached runs at a time. Every server is stopped
by PID when its phase ends, also on errors and Ctrl-C.
"""

import datetime
import os
import random
import re
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from tests.bench import database, profile, servers, urls, wrk
from tests.bench.database import Catalogue, MySQLServer
from tests.bench.options import PAGE_KINDS, Options
from tests.bench.servers import Server, running
from tests.bench.wrk import WrkResult

KIND_TITLES = {
    "heartbeat": "short text (/__lbheartbeat__)",
    "home": "home page",
    "detail": "detail page",
    "category": "category listing",
    "search-page": "search page",
    "api-search": "API search",
    "api-detail": "API detail",
}
# A replica pin in the far future: the page cache lets such requests
# through to Django, which reads the primary as it does without replicas.
BYPASS_COOKIE = "amo_pin=9999999999"
# Seconds of load before each reference is measured.
REFERENCE_WARMUP = 3.0
# Seconds a warm-up of the object cache (page cache off) may always take.
WARMUP_MIN = 30.0


@dataclass
class Measurement:
    key: str
    title: str
    server: str
    connections: int
    result: WrkResult
    paths: int
    catalogue: str = ""
    warmup: WrkResult | None = None
    warmup_seconds: float | None = None
    warmup_complete: bool | None = None
    memcached_hit_rate: float | None = None
    # The other wrk process of the mixed load.
    companion: WrkResult | None = None
    profile: str | None = None
    # Warnings and errors the server logged while it was measured, by
    # event, with the repeats that its rate limit suppressed.
    log_events: dict[str, int] = field(default_factory=dict)
    # The round of references measured last before this scenario.
    reference_round: int = 0
    # The machine's 1-minute load average when the measurement ended:
    # above the core count, other work competed for the CPU.
    load_average: float = 0.0


@dataclass
class PathLists:
    """The path files of one catalogue, by page kind."""

    files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, path: Path, paths: list[str]) -> None:
        urls.write_paths(path, paths)
        self.files[kind] = path
        self.counts[kind] = len(paths)


class Stopped(Exception):
    """SIGTERM arrived; the run stops its servers and ends."""


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped


class Run:
    def __init__(self, options: Options, say: Callable[[str], None] = print) -> None:
        self.options = options
        self._say = say
        self.started = time.monotonic()
        self.started_at = datetime.datetime.now(datetime.UTC)
        self.output = options.output.resolve()
        self.logs = self.output / "logs"
        self.paths_dir = self.output / "paths"
        self.mysql = MySQLServer.from_url(options.mysql)
        self.env = database.base_env(self.output / "amo-var")
        # Each run signs with its own secret: no session outlives it.
        self.env["AMO_SECRET_KEY"] = secrets.token_urlsafe(50)
        self.measurements: list[Measurement] = []
        # The references measured in each round, by "bare" and "sync".
        self.reference_rounds: list[dict[str, Measurement]] = []
        self._measured_since_round = False
        self.skipped: list[tuple[str, str]] = []
        self.catalogues: list[Catalogue] = []
        # Port 0 picks a free port, as for the servers with --port-base 0.
        self.memcached_port = options.memcached_port or servers.free_port()
        # The command line, as the report states it.
        self.command = "scripts/bench"

    # --- Helpers ------------------------------------------------------

    def say(self, message: str) -> None:
        self._say(f"[{time.monotonic() - self.started:6.0f} s] {message}")

    def wants(self, scenario: str) -> bool:
        return scenario in self.options.scenarios

    @property
    def main_catalogue(self) -> Catalogue:
        return Catalogue(
            self.options.database, True, self.options.addons, self.options.seed
        )

    def search_catalogues(self) -> list[Catalogue]:
        name, seed = self.options.database, self.options.seed
        catalogues = [Catalogue(f"{name}_real", True, 0, seed)]
        for size in self.options.search_sizes:
            catalogues.append(Catalogue(f"{name}_syn{size}", False, size, seed))
        return catalogues

    def amo_env(self, catalogue: Catalogue, page_cache: bool) -> dict[str, str]:
        env = dict(self.env)
        env.update(
            AMO_DATABASE_URL=self.mysql.url(catalogue.database),
            AMO_MEMCACHED=f"127.0.0.1:{self.memcached_port}",
            AMO_PAGE_CACHE="1" if page_cache else "0",
            AMO_CACHE_KEY_PREFIX=f"bench-{catalogue.database}",
        )
        return env

    def port(self, offset: int) -> int:
        if self.options.port_base == 0:
            return servers.free_port()
        return self.options.port_base + offset

    # --- Preparation --------------------------------------------------

    def prepare(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        # The servers append to their logs, so each run starts them empty.
        for old_log in self.logs.glob("*.log"):
            old_log.unlink()
        self.catalogues = [self.main_catalogue]
        if self.wants("search-scaling"):
            self.catalogues += self.search_catalogues()
        log_path = self.logs / "prepare.log"
        reindex = database.reindex_command(self.env, log_path)
        if reindex is None:
            self.say("amo has no command that rebuilds search documents")
        for catalogue in self.catalogues:
            database.prepare(
                self.mysql,
                catalogue,
                fixtures=self.options.fixtures,
                env=self.env,
                log_path=log_path,
                progress=self.say,
                reindex=reindex,
            )
        self.say("collecting the static files")
        database.run_amo(
            ["collectstatic", "--noinput", "-v0"],
            self.amo_env(self.main_catalogue, True),
            log_path,
        )

    def build_paths(self) -> None:
        count = self.options.urls
        rng = random.Random(f"{self.options.seed}:paths")
        data = urls.read_catalogue(self.mysql, self.options.database)
        queries = data.queries(rng, 2 * count)
        # Two disjoint sets of queries: the warmed one, and a fresh one
        # for searches that must miss every cache.
        warmed, fresh = queries[0::2], queries[1::2]
        folder = self.paths_dir / self.options.database
        lists = PathLists()
        lists.add(
            "heartbeat",
            folder / "heartbeat.txt",
            urls.numbered("/__lbheartbeat__", count),
        )
        lists.add("reference", folder / "reference.txt", urls.numbered("/", count))
        lists.add("home", folder / "home.txt", urls.home_paths(rng, count))
        lists.add(
            "detail", folder / "detail.txt", urls.detail_paths(rng, data.addons, count)
        )
        lists.add(
            "category",
            folder / "category.txt",
            urls.category_paths(rng, data.category_counts, count),
        )
        lists.add(
            "search-page",
            folder / "search-page.txt",
            urls.search_page_paths(rng, warmed, count),
        )
        lists.add(
            "api-search",
            folder / "api-search.txt",
            urls.api_search_paths(rng, warmed, count),
        )
        lists.add(
            "api-search-fresh",
            folder / "api-search-fresh.txt",
            urls.api_search_paths(rng, fresh, count),
        )
        lists.add(
            "api-detail",
            folder / "api-detail.txt",
            urls.api_detail_paths(rng, data.addons, count),
        )
        lists.add(
            "update", folder / "update.txt", urls.update_paths(rng, data.addons, count)
        )
        self.main_paths = lists
        self.say(
            "path lists: "
            + ", ".join(f"{kind} {total:,}" for kind, total in lists.counts.items())
        )
        if self.wants("search-scaling"):
            self._build_search_paths()

    def _build_search_paths(self) -> None:
        """Build the search paths of each search catalogue.

        The synthetic catalogues share one list, drawn from the smallest,
        whose add-ons are the first ones of every larger catalogue of the
        same seed. So every size gets the same searches.
        """
        count = self.options.urls
        self.search_paths: dict[str, PathLists] = {}
        shared: PathLists | None = None
        for catalogue in self.search_catalogues():
            if catalogue.synthetic and shared is not None:
                self.search_paths[catalogue.database] = shared
                continue
            rng = random.Random(f"{self.options.seed}:search")
            data = urls.read_catalogue(self.mysql, catalogue.database)
            queries = data.queries(rng, 2 * count)
            folder = self.paths_dir / catalogue.database
            lists = PathLists()
            lists.add(
                "warm",
                folder / "warm.txt",
                urls.api_search_paths(rng, queries[0::2], count),
            )
            lists.add(
                "fresh",
                folder / "fresh.txt",
                urls.api_search_paths(rng, queries[1::2], count),
            )
            self.search_paths[catalogue.database] = lists
            if catalogue.synthetic:
                shared = lists

    # --- Measuring ----------------------------------------------------

    def warm_up(
        self,
        server: Server,
        paths_file: Path,
        paths: int,
        *,
        connections: int,
        max_seconds: float,
    ) -> tuple[WrkResult, bool, Path, int]:
        """Request every path of `paths_file` once, within `max_seconds`.

        Returns the warm-up's figures, whether it requested every path, and
        the file and count of the paths to measure. When the warm-up ran
        out of time, those are the first paths it requested, because the
        measured pass must send only warmed paths: it requests more than
        the list has when the pages are cached, and cycles through it.
        """
        result, complete = wrk.request_each_once(
            server.base_url,
            paths_file,
            max_seconds=max_seconds,
            connections=connections,
            threads=self.options.threads,
            timeout=self.options.timeout,
        )
        if complete:
            return result, True, paths_file, paths
        # Responses arrive out of order, so up to `connections` of the
        # first requested paths may still be waiting for theirs.
        warmed = result.data["responses"] - connections
        warmed = max(warmed, min(result.data["responses"], connections), 1)
        lines = paths_file.read_text(encoding="utf-8").splitlines()[:warmed]
        prefix = paths_file.with_name(f"{paths_file.stem}-warmed.txt")
        urls.write_paths(prefix, lines)
        return result, False, prefix, len(lines)

    def measure(
        self,
        server: Server,
        *,
        key: str,
        title: str,
        paths_file: Path,
        paths: int,
        connections: int,
        warm: str,
        catalogue: str = "",
        cookie: str = "",
        warm_file: Path | None = None,
    ) -> Measurement:
        """Warm `server` up, then load it with wrk for the run's duration.

        `warm` is "each" (request every path once, within warmup_max),
        "each-short" (the same, within twice the duration and at least
        WARMUP_MIN seconds) or "timed" (a few seconds of load over
        `warm_file`, which is not measured).
        """
        options = self.options
        complete = None
        warm_started = time.monotonic()
        if warm in ("each", "each-short"):
            limit = options.warmup_max
            if warm == "each-short":
                limit = min(limit, max(2 * options.duration, WARMUP_MIN))
            warmup, complete, paths_file, paths = self.warm_up(
                server,
                paths_file,
                paths,
                connections=connections,
                max_seconds=limit,
            )
        else:
            warmup = wrk.run(
                server.base_url,
                warm_file or paths_file,
                seconds=min(REFERENCE_WARMUP, options.duration),
                connections=connections,
                threads=options.threads,
                timeout=options.timeout,
                cookie=cookie,
            )
        warm_seconds = time.monotonic() - warm_started

        before = servers.memcached_stats(self.memcached_port)
        log_offset = _log_size(server)
        spies = []
        if key in options.profile:
            spies = profile.start(
                server.worker_pids(), options.duration, self.output / "profiles", key
            )
        result = wrk.run(
            server.base_url,
            paths_file,
            seconds=options.duration,
            connections=connections,
            threads=options.threads,
            timeout=options.timeout,
            cookie=cookie,
        )
        profile_text = None
        if spies:
            files = profile.finish(spies, timeout=options.duration + 60)
            profile_text, _ = profile.summarize(files)
            summary = self.output / "profiles" / f"{key.replace('/', '-')}-summary.txt"
            summary.write_text(profile_text)
        after = servers.memcached_stats(self.memcached_port)
        log_events = _log_events(server, log_offset)

        measurement = Measurement(
            key=key,
            title=title,
            server=server.name,
            connections=connections,
            result=result,
            paths=paths,
            catalogue=catalogue,
            warmup=warmup,
            warmup_seconds=warm_seconds,
            warmup_complete=complete,
            memcached_hit_rate=_hit_rate(before, after),
            profile=profile_text,
            log_events=log_events,
            reference_round=max(len(self.reference_rounds) - 1, 0),
            load_average=_load_average(),
        )
        self.measurements.append(measurement)
        self._measured_since_round = True
        self.say(_line(measurement))
        return measurement

    def references(self) -> None:
        """Measure both references, as the next round.

        Load from other work on the machine drifts during a run, so the
        references are measured before the first phase and after each
        one, and a scenario is divided by the rounds around its phase.
        """
        if self.reference_rounds and not self._measured_since_round:
            return
        round_number = len(self.reference_rounds)
        reference_paths = self.main_paths.files["reference"]
        count = self.main_paths.counts["reference"]
        workers = self.options.workers
        found: dict[str, Measurement] = {}
        for key, title, server in (
            (
                "bare",
                "bare ASGI reference",
                servers.bare_asgi(
                    self.port(2), workers, self.logs / "bare.log", _project()
                ),
            ),
            (
                "sync",
                "sync Django reference",
                servers.sync_django(
                    self.port(3), workers, self.logs / "sync.log", _project()
                ),
            ),
        ):
            server.env = dict(self.env)
            self.say(f"starting the {server.name} reference, round {round_number}")
            with running(server):
                found[key] = self.measure(
                    server,
                    key=f"{key}/{round_number}",
                    title=f"{title}, round {round_number}",
                    paths_file=reference_paths,
                    paths=count,
                    connections=self.options.connections,
                    warm="timed",
                )
        for measurement in found.values():
            measurement.reference_round = round_number
        self.reference_rounds.append(found)
        self._measured_since_round = False

    @contextmanager
    def amo_server(
        self, catalogue: Catalogue, page_cache: bool, offset: int
    ) -> Iterator[Server]:
        servers.memcached_flush(self.memcached_port)
        state = "on" if page_cache else "off"
        name = f"amo, page cache {state}"
        server = servers.amo(
            name,
            self.port(offset),
            self.options.workers,
            self.amo_env(catalogue, page_cache),
            self.logs / f"amo-{catalogue.database}-{state}.log",
            _project(),
        )
        self.say(f"starting {name} over {catalogue.database}")
        with running(server):
            yield server

    def page_kinds(self, page_cache: bool) -> None:
        """Measure each page kind with the page cache on or off.

        The mixed load (cache on) and the burst (cache off) run right after
        the detail page, whose warmed paths they request.
        """
        kinds = [kind for kind in PAGE_KINDS if self.wants(kind)]
        if page_cache not in self.options.page_cache:
            kinds = []
        extra = "mixed" if page_cache else "burst"
        # The update checks run once, on the first server a run starts.
        update = self.wants("update") and page_cache == (
            True in self.options.page_cache
        )
        if not kinds and not self.wants(extra) and not update:
            return
        state = "on" if page_cache else "off"
        main = self.main_catalogue
        with self.amo_server(main, page_cache, 0 if page_cache else 1) as server:
            for kind in kinds:
                if kind == "search-page" and _search_page_status(server) == 404:
                    self.skip(
                        f"search-page/{state}",
                        "/<locale>/<app>/search/ answers 404: amo has no search "
                        "page yet",
                    )
                    continue
                self.measure(
                    server,
                    key=f"{kind}/{state}",
                    title=f"{KIND_TITLES[kind]}, page cache {state}",
                    paths_file=self.main_paths.files[kind],
                    paths=self.main_paths.counts[kind],
                    connections=self.options.connections,
                    # Cached pages need every path warmed; objects need
                    # only the paths that the measured pass reaches.
                    warm="each" if page_cache else "each-short",
                    catalogue=main.label,
                )
                if kind == "detail" and self.wants(extra):
                    self.extra(server, page_cache)
            if "detail" not in kinds and self.wants(extra):
                self.extra(server, page_cache)
            if update:
                self.update_checks(server)

    def extra(self, server: Server, page_cache: bool) -> None:
        if page_cache:
            self.mixed(server)
        else:
            self.burst(server)

    def burst(self, server: Server) -> None:
        self.measure(
            server,
            key="burst",
            title=f"detail page, page cache off, {self.options.burst_connections} "
            "connections",
            paths_file=self.main_paths.files["detail"],
            paths=self.main_paths.counts["detail"],
            connections=self.options.burst_connections,
            warm="each-short",
            catalogue=self.main_catalogue.label,
        )

    def update_checks(self, server: Server) -> None:
        """Measure Firefox's update checks at each update connection count.

        The first count warms the update cache with every path once, so
        every count measures warm checks.
        """
        for index, connections in enumerate(self.options.update_connections):
            self.measure(
                server,
                key=f"update/{connections}",
                title=f"update check, warm cache, {connections} connections",
                paths_file=self.main_paths.files["update"],
                paths=self.main_paths.counts["update"],
                connections=connections,
                warm="each" if index == 0 else "timed",
                catalogue=self.main_catalogue.label,
            )

    def mixed(self, server: Server) -> None:
        """Measure page-cache hits while uncached searches load the server.

        Two wrk processes run at once. One requests detail pages, which
        are warmed into the page cache first. The other sends searches that
        no earlier request made, with a cookie that bypasses the page cache.
        """
        options = self.options
        fresh = self.main_paths.files["api-search-fresh"]
        warm_started = time.monotonic()
        warmup, complete, detail, paths = self.warm_up(
            server,
            self.main_paths.files["detail"],
            self.main_paths.counts["detail"],
            connections=options.mixed_connections,
            max_seconds=options.warmup_max,
        )
        warm_seconds = time.monotonic() - warm_started
        before = servers.memcached_stats(self.memcached_port)
        log_offset = _log_size(server)
        searches = wrk.Wrk(
            wrk.command(
                server.base_url,
                fresh,
                seconds=options.duration,
                connections=options.mixed_connections,
                threads=options.threads,
                timeout=options.timeout,
                cookie=BYPASS_COOKIE,
            )
        )
        try:
            hits = wrk.run(
                server.base_url,
                detail,
                seconds=options.duration,
                connections=options.mixed_connections,
                threads=options.threads,
                timeout=options.timeout,
            )
            companion = searches.result(timeout=options.duration + 60)
        finally:
            searches.stop()
        after = servers.memcached_stats(self.memcached_port)
        measurement = Measurement(
            key="mixed",
            title="mixed load: detail page-cache hits beside uncached API search",
            server=server.name,
            connections=options.mixed_connections,
            result=hits,
            paths=paths,
            catalogue=self.main_catalogue.label,
            warmup=warmup,
            warmup_seconds=warm_seconds,
            warmup_complete=complete,
            memcached_hit_rate=_hit_rate(before, after),
            companion=companion,
            log_events=_log_events(server, log_offset),
            reference_round=max(len(self.reference_rounds) - 1, 0),
            load_average=_load_average(),
        )
        self.measurements.append(measurement)
        self._measured_since_round = True
        self.say(_line(measurement))
        self.say(
            f"  beside it, uncached API search: {companion.rps:,.0f} req/s, "
            f"p50 {companion.p50_ms:.1f} ms, p99 {companion.p99_ms:.1f} ms, "
            f"{companion.errors} errors"
        )

    def search_scaling(self) -> None:
        """Measure API search over the real and the synthetic catalogues.

        The page cache is off, and the measured searches are ones the
        warm-up never sent, so no cache contains their results.
        """
        for offset, catalogue in enumerate(self.search_catalogues(), start=4):
            lists = self.search_paths[catalogue.database]
            label = "real" if catalogue.real else f"{catalogue.synthetic}"
            with self.amo_server(catalogue, False, offset) as server:
                self.measure(
                    server,
                    key=f"search/{label}",
                    title=f"API search over {catalogue.label} add-ons",
                    paths_file=lists.files["fresh"],
                    paths=lists.counts["fresh"],
                    connections=self.options.search_connections,
                    warm="timed",
                    warm_file=lists.files["warm"],
                    catalogue=catalogue.label,
                )

    def skip(self, key: str, reason: str) -> None:
        self.skipped.append((key, reason))
        self.say(f"{key}: skipped, {reason}")

    # --- The whole run ------------------------------------------------

    def execute(self) -> None:
        previous = signal.signal(signal.SIGTERM, _raise_stopped)
        try:
            self.prepare()
            self.build_paths()
            memcached = servers.memcached(
                self.memcached_port, self.logs / "memcached.log"
            )
            with ExitStack() as stack:
                stack.enter_context(running(memcached))
                self.references()
                self.page_kinds(page_cache=True)
                if self.options.reference_rounds:
                    self.references()
                self.page_kinds(page_cache=False)
                if self.options.reference_rounds:
                    self.references()
                if self.wants("search-scaling"):
                    self.search_scaling()
                self.references()
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.finished_at = datetime.datetime.now(datetime.UTC)


def _project() -> Path:
    return Path(__file__).resolve().parents[2]


def _search_page_status(server: Server) -> int | None:
    """Return the status of a search page, or None when none arrives."""
    return servers.http_status(server.base_url + "/en-US/firefox/search/?q=tab")


def _load_average() -> float:
    return os.getloadavg()[0]


def _log_size(server: Server) -> int:
    try:
        return server.log_path.stat().st_size
    except FileNotFoundError:
        return 0


_LOG_LEVEL = re.compile(r"\blevel='(warning|error|critical)'")
_LOG_EVENT = re.compile(r"\bevent='((?:[^'\\]|\\.)*)'")
_SUPPRESSED = re.compile(r"\bsuppressed=(\d+)")


def _log_events(server: Server, offset: int) -> dict[str, int]:
    """Count the warnings and errors logged after `offset`, by event.

    amo logs key=value lines and drops repeats past a rate limit; the first
    line of the next window carries `suppressed=N`, which is added. Drops
    not reported yet are missing, so the counts are a lower bound.
    """
    events: dict[str, int] = {}
    try:
        with server.log_path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return events
    for line in text.splitlines():
        level = _LOG_LEVEL.search(line)
        if level is None:
            continue
        event = _LOG_EVENT.search(line)
        name = f"{level[1]}: {event[1] if event else line[:120]}"
        suppressed = _SUPPRESSED.search(line)
        events[name] = (
            events.get(name, 0) + 1 + (int(suppressed[1]) if suppressed else 0)
        )
    return events


def _hit_rate(before: dict[str, int], after: dict[str, int]) -> float | None:
    hits = after.get("get_hits", 0) - before.get("get_hits", 0)
    misses = after.get("get_misses", 0) - before.get("get_misses", 0)
    if hits + misses == 0:
        return None
    return hits / (hits + misses)


def _line(measurement: Measurement) -> str:
    result = measurement.result
    text = (
        f"{measurement.key}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms, {result.errors} errors, load "
        f"{measurement.load_average:.1f}"
    )
    if result.hit_rate is not None:
        text += f", page-cache hit rate {result.hit_rate:.1%}"
    if measurement.warmup_complete is False:
        text += f" (over the {measurement.paths:,} paths the warm-up reached)"
    for event, count in measurement.log_events.items():
        text += f"\n    server log: {count} × {event}"
    return text


def as_dict(measurement: Measurement) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": measurement.key,
        "title": measurement.title,
        "server": measurement.server,
        "connections": measurement.connections,
        "paths": measurement.paths,
        "catalogue": measurement.catalogue,
        "wrk": measurement.result.data,
        "rps": measurement.result.rps,
        "p50_ms": measurement.result.p50_ms,
        "p99_ms": measurement.result.p99_ms,
        "errors": measurement.result.errors,
        "page_cache_hit_rate": measurement.result.hit_rate,
        "memcached_hit_rate": measurement.memcached_hit_rate,
        "warmup_seconds": measurement.warmup_seconds,
        "warmup_complete": measurement.warmup_complete,
        "warmup_requests": measurement.warmup.requests if measurement.warmup else None,
        "warmup_errors": measurement.warmup.errors if measurement.warmup else None,
        "log_events": measurement.log_events,
        "reference_round": measurement.reference_round,
        "load_average": measurement.load_average,
    }
    if measurement.companion is not None:
        data["companion"] = {
            "title": "uncached API search",
            "wrk": measurement.companion.data,
            "rps": measurement.companion.rps,
            "p50_ms": measurement.companion.p50_ms,
            "p99_ms": measurement.companion.p99_ms,
            "errors": measurement.companion.errors,
        }
    if measurement.profile is not None:
        data["profile"] = measurement.profile
    return data
