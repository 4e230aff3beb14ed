"""Serve `bare.application` under uvicorn as `amo serve` runs amo.

Usage: python -m tests.bench.refs.serve_bare PORT WORKERS
"""

import sys

import uvicorn


def main() -> None:
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    # The options of amo.catalogue.management.commands.serve.run_server;
    # amo's logging drops uvicorn's access log, so this server has none.
    uvicorn.run(
        "tests.bench.refs.bare:application",
        host="127.0.0.1",
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        lifespan="on",
        reload=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        timeout_graceful_shutdown=10,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
