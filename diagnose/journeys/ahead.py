"""trace's reports read in a second process while this one reads the answers.

The worker reads the reports exactly as one process would (``places.Inputs.read`` with
``LineReader.report_outcomes``) and spools what each line gave, in order, to a temporary file:
its place and number, and its reports' request ids, numbers and outcomes (None for a line that
gave items, which this process reads again itself). Once the answers are read, this process
takes the worker's inputs as its own (``Inputs.adopt``) and joins the spooled lines in their
order. The spool is only a copy of a reading: a worker that did not end well (an unreadable
file, a signal, a fault) is read past, and the reports are read here, as with one job.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import tempfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from ..logs.reader import LineReader, ReadOptions
from ..logs.units import InputError, expand, plan
from .places import Inputs

if TYPE_CHECKING:
    from ..delivery.reports import ReportOutcome
    from ..logs.reader import Item

    Line = tuple[int, int | None, "list[Item] | tuple[ReportOutcome, ...]"]
    """A line read: its place, its number, and its items or its reports' outcomes."""

BATCH = 4096
"""Lines spooled at once: one pickle each."""
_TRAILER = struct.Struct("<8sQ")
_MAGIC = b"sms-read"
"""The spool ends with its layout, then this mark and where the layout starts: a worker that
did not write them did not read every line."""
_WORKER_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def can_read_ahead(path: str) -> bool:
    """Whether the reports under ``path`` are logs a second process may read: no standard
    input, pipe or whole file (those are read once, or read again from their place, here)."""
    if not hasattr(os, "fork"):
        return False
    try:
        return all(unit.kind == "log" for unit in plan(expand([path])))
    except (InputError, OSError, ValueError):
        return False  # read here, which says what is wrong


class ReadAhead:
    """A worker reading ``path``'s reports; ``lines()`` once the answers are read, then ``close()``."""

    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path, self.options = path, options
        self.spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
        try:
            self.pid: int | None = os.fork()
            if self.pid == 0:
                _work(path, options, self.spool)  # never returns
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def lines(self, inputs: Inputs) -> Iterator[Line] | None:
        """The lines the worker read, their places among ``inputs``' (which takes the worker's
        files as its own); None when the worker did not read them all."""
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        spool = self.spool
        if status != 0 or spool.seek(0, os.SEEK_END) < _TRAILER.size:
            return None
        spool.seek(-_TRAILER.size, os.SEEK_END)
        magic, end = _TRAILER.unpack(spool.read(_TRAILER.size))
        if magic != _MAGIC:
            return None
        spool.seek(end)
        base = inputs.adopt(pickle.load(spool), LineReader(self.options))  # noqa: S301  (the worker's, unlinked: no other process opens it)
        spool.seek(0)
        return self._joined(inputs, base, end)

    def _joined(self, inputs: Inputs, base: int, end: int) -> Iterator[Line]:
        spool = self.spool
        while spool.tell() < end:
            for place, number, read in pickle.load(spool):  # noqa: S301  (the worker's, unlinked: no other process opens it)
                yield base + place, number, inputs.items(base + place, number) if read is None else read

    def close(self) -> None:
        if self.pid is not None:  # the worker is not waited for: this process is ending early
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            self.pid = None
        self.spool.close()


def _work(path: str, options: ReadOptions, spool: IO[bytes]) -> None:
    """The worker: read the reports into the spool and end, 0 when it read them all. It leaves
    Ctrl-C to the main process, ends at once on SIGTERM, and stops when that process is gone."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)
        parent = os.getppid()
        inputs, batch = Inputs(None), []
        for place, _, number, read in inputs.read(path, options, LineReader.report_outcomes):
            batch.append((place, number, None if type(read) is list else read))
            if len(batch) >= BATCH:
                if os.getppid() != parent:
                    return
                pickle.dump(batch, spool, pickle.HIGHEST_PROTOCOL)
                batch = []
        pickle.dump(batch, spool, pickle.HIGHEST_PROTOCOL)
        end = spool.tell()
        pickle.dump(inputs.layout(), spool, pickle.HIGHEST_PROTOCOL)
        spool.write(_TRAILER.pack(_MAGIC, end))
        spool.flush()
        status = 0
    except BaseException:  # noqa: S110  (this process reads them again and says what is wrong)
        pass
    finally:
        os._exit(status)
