"""One writer at a time: the lock that every build, load and unload of a warehouse takes, CLI and app alike.

The lock is `flock` on `<warehouse>.lock`, beside the warehouse, so it holds across processes (two
`python -m etl load` runs) and across threads of one process (the upload page's sessions: each take opens the file
anew, and Linux locks per open file). A writer that finds it taken waits up to `wait` seconds, then raises `Busy`;
the CLI turns that into exit code BUSY_EXIT. Every refusal is written to `<warehouse>.lock.log` (one JSON line:
when, process, who and what), never with a secret in it. The lock file itself holds the holder's pid, for people.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import time
from pathlib import Path
from typing import Iterator

BUSY_EXIT = 75          # EX_TEMPFAIL: try again later
POLL_SECONDS = 0.05


class Busy(RuntimeError):
    """Another writer holds the warehouse."""


def lock_path(target: Path) -> Path:
    return Path(target).with_name(Path(target).name + ".lock")


def log_path(target: Path) -> Path:
    return Path(target).with_name(Path(target).name + ".lock.log")


@contextlib.contextmanager
def writing(target: Path, *, what: str, who: str = "", wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block. Waits up to `wait` seconds for another writer to finish,
    then raises Busy (and logs the refusal beside the lock)."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    _log_busy(target, what, who, fd)
                    raise Busy(f"{Path(target).name} is being written by another load or build "
                               f"({_holder(fd)}); try again when it has finished.") from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {what}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    text = os.pread(fd, 200, 0).decode(errors="replace").strip()
    return f"process {text}" if text else "another process"


def _log_busy(target: Path, what: str, who: str, fd: int) -> None:
    record = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "pid": os.getpid(),
              "refused": what, "who": who, "holder": _holder(fd)}
    with open(log_path(target), "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
