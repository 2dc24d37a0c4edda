"""One pipeline run per workspace at a time: an exclusive, non-blocking file lock."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# lock files this call stack holds: `prakerja rebuild` holds the lock around the pipeline run it starts
_HELD: ContextVar[frozenset[str]] = ContextVar("prakerja_held_locks", default=frozenset())


class RunInProgress(RuntimeError):
    """Another run holds the workspace lock."""


@contextmanager
def exclusive_run(lock_path: Path) -> Iterator[None]:
    """Hold the workspace's run lock, or raise RunInProgress at once if another process holds it.

    The operating system releases the lock when the holder exits, even after SIGKILL, so a killed run
    never leaves a stale lock behind. Reentrant within one call stack (a context), not across threads
    started outside it or processes.
    """
    key = str(Path(lock_path).resolve())
    if key in _HELD.get():
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunInProgress(
                f"another pipeline run is in progress in {lock_path.parent} (process {holder}); "
                "wait for it to finish, then run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        token = _HELD.set(_HELD.get() | {key})
        try:
            yield
        finally:
            _HELD.reset(token)
    finally:
        handle.close()
