"""``prakerja report``: where the validation report of the latest run is, or serve it to a browser."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path

from prakerja_dq.cli import CommandError
from prakerja_dq.settings import get_settings

DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="print the path of the validation report, or serve it (--serve)",
        description="Print the path of the latest run's validation report (index.html: run summary, charts, "
        "links to the evidence page and the GX Data Docs). With --serve, serve the report folder over "
        "HTTP on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--serve", action="store_true", help="serve the report folder over HTTP")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.set_defaults(handler=handle)


def report_index(report_dir: Path) -> Path:
    """The report's front page, or a CommandError saying how to make one."""
    index = report_dir / "index.html"
    if not index.is_file():
        raise CommandError(
            f"no validation report at {index} yet: run the pipeline first (`prakerja run` or `make run`), "
            "or set PRAKERJA_HOME to the workspace of an earlier run"
        )
    return index


def handle(args: argparse.Namespace) -> int:
    index = report_index(get_settings().report_dir)
    if not args.serve:
        print(index)
        return 0
    from prakerja_dq.report.server import serve_report

    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be between 0 and 65535, got {args.port}")
    try:
        serve_report(index.parent, host=args.host, port=args.port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {args.port} on {args.host} is in use: pick another with --port"
            ) from None
        raise CommandError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    except KeyboardInterrupt:
        print("stopped")
    return 0
