"""``prakerja``: the command line. Each subcommand lives in ``src/prakerja_dq/commands/<name>.py``.

A command module defines ``register(subparsers)`` that adds its parser and sets ``handler`` to a function
taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from prakerja_dq.runtime import configure_runtime
from prakerja_dq.settings import get_settings

COMMANDS: tuple[str, ...] = (
    "run",
    "rebuild",
    "extract",
    "eval",
    "sql",
    "report",
    "serve",
    "synth",
    "bench",
)


class CommandError(Exception):
    """A failure the user can act on: printed as one message, exit code 2, no traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prakerja",
        description="Kartu Prakerja figures from Indonesian news, validated before they are published.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"prakerja_dq.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"prakerja_dq.commands.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_runtime()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CommandError as error:
        print(f"prakerja {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"prakerja {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`prakerja sql ... | head`): that ends the output, it is not a failure.
        # Python would report the same error again when it flushes stdout at exit, unless stdout goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if get_settings().debug:
            raise
        print(
            f"prakerja {args.command} failed: {type(error).__name__}: {error}\n"
            "  (the last published marts are unchanged; set PRAKERJA_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    from prakerja_dq.cli import (
        main as installed_main,  # commands raise prakerja_dq.cli.CommandError, not __main__'s
    )

    sys.exit(installed_main())
