"""Part of a trace run done in a forked worker, what it gives spooled to a temporary file.

The worker is a copy of this process at the fork: it runs one function that writes pickles to
the spool, and ends. The spool is only a copy of work this process could do itself: a worker
that did not end well (an error, a signal, a fault, a spool without its end mark) gives
nothing, and the caller does the work here. The worker leaves Ctrl-C to this process, ends at
once on SIGTERM, and stops when this process is gone (``Spool.write``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

_TRAILER = struct.Struct("<8sQ")
_MAGIC = b"sms-done"
"""The spool ends with this mark and where its last pickle starts: a worker that did not write
them did not finish."""
_WORKER_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")


class Spool:
    """What the worker writes to: pickles, each checked for this process's end first."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file, self.parent = file, os.getppid()

    def write(self, value: object) -> None:
        if os.getppid() != self.parent:
            raise SystemExit(1)  # the process that forked this one is gone: nobody will read it
        pickle.dump(value, self.file, pickle.HIGHEST_PROTOCOL)


class Forked:
    """``work(spool)`` run in a worker, its last pickle what it ends with; ``pickles()`` once it
    is needed, then ``close()``."""

    def __init__(self, pid: int, file: IO[bytes]) -> None:
        self.pid: int | None = pid
        self.file = file

    @classmethod
    def start(cls, work: Callable[[Spool], object]) -> Forked | None:
        """The worker, or None when it cannot be started (no temporary file, no fork: too many
        processes, too little memory): the caller then does the work itself. Ctrl-C or SIGTERM
        that comes while it is forked arrives after, and ends it."""
        if not can_fork():
            return None
        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
        except OSError:
            return None
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
        pid = None
        try:
            pid = os.fork()
            if pid == 0:
                _run(work, file)  # never returns
            _started.add(pid)  # end_started() reaches it whatever comes next
        except OSError:
            file.close()
            return None
        except BaseException:  # a signal another thread took, raised here: the worker goes too
            if pid:
                _end(pid)
            file.close()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # what waited arrives here
        return cls(pid, file)

    def pickles(self) -> tuple[Iterator[Any], Any] | None:
        """The pickles the worker wrote, but its last, and its last (what it ended with); None
        when it did not finish."""
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        _started.discard(self.pid)
        self.pid = None
        file = self.file
        if status != 0 or file.seek(0, os.SEEK_END) < _TRAILER.size:
            return None
        file.seek(-_TRAILER.size, os.SEEK_END)
        magic, last = _TRAILER.unpack(file.read(_TRAILER.size))
        if magic != _MAGIC:
            return None
        file.seek(last)
        end = _load(file)
        file.seek(0)
        return _loaded(file, last), end

    def close(self) -> None:
        if self.pid is not None:  # not waited for: this process is ending early
            _end(self.pid)
            self.pid = None
        self.file.close()


_started: set[int] = set()
"""The workers started and not yet waited for."""


def end_started() -> None:
    """End every worker started and not waited for: what a run calls on its way out, however
    it ends (one interrupted as it was started has no ``Forked`` to close)."""
    for pid in list(_started):
        _end(pid)


def _end(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    _started.discard(pid)


def _load(file: IO[bytes]) -> Any:
    return pickle.load(file)  # noqa: S301  (the worker's spool, unlinked: no other process opens it)


def _loaded(file: IO[bytes], last: int) -> Iterator[Any]:
    while file.tell() < last:
        yield _load(file)


def _run(work: Callable[[Spool], object], file: IO[bytes]) -> None:
    """The worker: ``work``, what it returns pickled last, then the mark; status 0 when it
    finished."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)
        spool = Spool(file)
        end = work(spool)
        last = file.tell()
        spool.write(end)
        file.write(_TRAILER.pack(_MAGIC, last))
        file.flush()
        status = 0
    except BaseException:  # noqa: S110  (the caller does the work itself, and says what is wrong)
        pass
    finally:
        os._exit(status)
