"""`python -m tests.bench`: run the load benchmark (scripts/bench calls it)."""

import shlex
import sys

from tests.bench import report
from tests.bench.options import parse
from tests.bench.runner import Run, Stopped


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    options = parse(arguments)
    run = Run(options, say=lambda line: print(line, flush=True))
    run.command = shlex.join(["scripts/bench", *arguments])
    try:
        run.execute()
    except KeyboardInterrupt:
        print("bench: interrupted; every server it started is stopped", file=sys.stderr)
        return 130
    except Stopped:
        print(
            "bench: stopped by SIGTERM; every server it started is stopped",
            file=sys.stderr,
        )
        return 143
    except RuntimeError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    results = report.build(run)
    json_path, markdown_path = report.write(results, run.output)
    print()
    print(report.markdown(results))
    print(f"Results: {markdown_path} and {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
