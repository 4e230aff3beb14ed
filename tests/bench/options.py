"""The options of a benchmark run, and how the command line sets them."""

import argparse
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_FIXTURES = PROJECT_DIR.parent / "shared" / "fixtures" / "amo-catalogue"

# Page kinds, in the order they run. Each runs with the page cache on and
# off; "heartbeat" is /__lbheartbeat__, a short text through amo's handler
# and middleware.
PAGE_KINDS = (
    "heartbeat",
    "home",
    "detail",
    "category",
    "search-page",
    "api-search",
    "api-detail",
)
# Scenarios beyond the page kinds: detail with the page cache off at many
# connections, page-cache hits while uncached searches run, Firefox's update
# checks on a warm cache, and search latency over catalogues of several sizes.
EXTRA_SCENARIOS = ("burst", "mixed", "update", "search-scaling")
SCENARIOS = PAGE_KINDS + EXTRA_SCENARIOS


@dataclass
class Options:
    addons: int = 100_000
    seed: int = 1
    duration: float = 20.0
    # Ceiling on the warm-up pass that requests every path of a list once.
    warmup_max: float = 240.0
    connections: int = 64
    threads: int = 2
    urls: int = 10_000
    scenarios: tuple[str, ...] = SCENARIOS
    page_cache: tuple[bool, ...] = (True, False)
    search_sizes: tuple[int, ...] = (10_000, 100_000)
    search_connections: int = 32
    burst_connections: int = 256
    mixed_connections: int = 32
    # The update checks are measured once at each of these connection counts.
    update_connections: tuple[int, ...] = (64, 256)
    # Seconds after which wrk counts a request as a timeout error.
    timeout: float = 2.0
    # Measure the references between the phases too, not only first and last.
    reference_rounds: bool = True
    workers: int = 2
    database: str = "amo_bench"
    mysql: str = "mysql://root@127.0.0.1:3306"
    port_base: int = 8401
    memcached_port: int = 11304
    output: Path = PROJECT_DIR / "var" / "bench"
    fixtures: Path = DEFAULT_FIXTURES
    profile: tuple[str, ...] = ()
    quick: bool = False


# A smoke test of every scenario. It uses few connections and a long
# timeout, so that a loaded machine still responds in time.
QUICK = {
    "addons": 2_000,
    "duration": 2.0,
    "warmup_max": 5.0,
    "urls": 100,
    "connections": 16,
    "burst_connections": 64,
    "mixed_connections": 8,
    "update_connections": (16, 64),
    "search_connections": 8,
    "timeout": 10.0,
    "reference_rounds": False,
    "search_sizes": (300, 600),
    "database": "amo_bench_quick",
}


def _port(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a TCP port (0-65535)")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is below the minimum of 1")
    return number


def _sizes(value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Invalid sizes {value!r}: use numbers separated by commas, such as "
            "10000,100000"
        ) from None
    if len(sizes) < 2 or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(
            f"Invalid sizes {value!r}: give at least two positive sizes"
        )
    return tuple(sorted(sizes))


def _connection_counts(value: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        counts = ()
    if not counts or any(count < 1 for count in counts):
        raise argparse.ArgumentTypeError(
            f"Invalid connection counts {value!r}: use positive numbers separated "
            "by commas, such as 64,256"
        )
    return tuple(dict.fromkeys(counts))


def _scenarios(value: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"Invalid scenarios {value!r}: pick from {', '.join(SCENARIOS)}"
        )
    return tuple(name for name in SCENARIOS if name in names)


def _page_cache(value: str) -> tuple[bool, ...]:
    modes = {"on": True, "off": False}
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or any(part not in modes for part in parts):
        raise argparse.ArgumentTypeError(
            f"Invalid page cache modes {value!r}: use on, off or on,off"
        )
    return tuple(modes[part] for part in dict.fromkeys(parts))


def parser() -> argparse.ArgumentParser:
    defaults = Options()
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Load-test amo with wrk against MariaDB and memcached, beside "
        "a bare ASGI and a sync Django reference, and write the figures to "
        "var/bench/.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="A short run: 2 s per scenario, 2,000 synthetic add-ons, 100 paths "
        "per page kind, 16 connections (64 for the burst, 16 and 64 for the "
        "update checks), a 10 s request "
        "timeout, search over 300 and 600 add-ons, the references measured "
        "first and last only, database amo_bench_quick. Options given as well "
        "override these values.",
    )
    parser.add_argument(
        "--addons",
        type=int,
        help=f"Synthetic add-ons beside the real catalogue ({defaults.addons:,}).",
    )
    parser.add_argument(
        "--seed", type=int, help=f"Seed of the synthetic catalogue ({defaults.seed})."
    )
    parser.add_argument(
        "--duration",
        type=float,
        help=f"Seconds each scenario is measured ({defaults.duration:g}).",
    )
    parser.add_argument(
        "--warmup-max",
        type=float,
        help="Seconds the warm-up pass over a path list may take at most "
        f"({defaults.warmup_max:g}).",
    )
    parser.add_argument(
        "--connections",
        type=_positive,
        help=f"wrk connections per scenario ({defaults.connections}).",
    )
    parser.add_argument(
        "--threads", type=_positive, help=f"wrk threads ({defaults.threads})."
    )
    parser.add_argument(
        "--timeout",
        type=float,
        help="Seconds after which wrk counts a request as a timeout error "
        f"({defaults.timeout:g}).",
    )
    parser.add_argument(
        "--urls",
        type=_positive,
        help=f"Distinct paths per page kind ({defaults.urls:,}).",
    )
    parser.add_argument(
        "--scenarios",
        type=_scenarios,
        help=f"Comma-separated scenarios to run (all): {', '.join(SCENARIOS)}. "
        "The references always run.",
    )
    parser.add_argument(
        "--update-connections",
        type=_connection_counts,
        help="Comma-separated connection counts at which the update checks are "
        "measured (64,256).",
    )
    parser.add_argument(
        "--page-cache",
        type=_page_cache,
        help="Page cache modes of the page kinds: on, off or on,off (on,off).",
    )
    parser.add_argument(
        "--search-sizes",
        type=_sizes,
        help="Sizes of the synthetic catalogues that search latency is measured "
        "over, comma-separated (10000,100000).",
    )
    parser.add_argument(
        "--database",
        help="Name of the main MariaDB database; the search catalogues get "
        f"names that start with it ({defaults.database}).",
    )
    parser.add_argument(
        "--mysql", help=f"MariaDB server, as mysql://USER@HOST:PORT ({defaults.mysql})."
    )
    parser.add_argument(
        "--port-base",
        type=_port,
        help="First TCP port of the servers, which use the ports from it on: "
        f"5 plus one per search size; 0 picks free ports ({defaults.port_base}).",
    )
    parser.add_argument(
        "--memcached-port",
        type=_port,
        help="TCP port of the run's own memcached; 0 picks a free port "
        f"({defaults.memcached_port}).",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        help=f"Server worker processes ({defaults.workers}).",
    )
    parser.add_argument(
        "--output", type=Path, help=f"Folder of the results ({defaults.output})."
    )
    parser.add_argument(
        "--fixtures",
        type=Path,
        help=f"The real catalogue's folder ({defaults.fixtures}).",
    )
    parser.add_argument(
        "--profile",
        type=lambda value: tuple(part for part in value.split(",") if part),
        help="Comma-separated scenario keys, such as detail/off, to profile with "
        "py-spy while they are measured; the figures of a profiled scenario "
        "include py-spy's overhead.",
    )
    return parser


def parse(argv: list[str] | None = None) -> Options:
    namespace = parser().parse_args(argv)
    values = dict(QUICK) if namespace.quick else {}
    for name, value in vars(namespace).items():
        if value is not None and name != "quick":
            values[name] = value
    options = Options(**values, quick=namespace.quick)
    if options.addons < 0:
        parser().error(f"--addons {options.addons} is below the minimum of 0")
    return options
