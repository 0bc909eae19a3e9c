"""``Record``: ``typing.NamedTuple``'s class syntax without importing ``typing``.

The catalog's records are made when a command starts, and importing ``typing`` would add about
3 ms to every ``sms-diagnose explain`` (a third of what the whole command may take). To the type
checker ``Record`` is ``typing.NamedTuple``; at run time it makes the same class from
``collections.namedtuple``: the annotated names are the fields, their values the defaults, and
everything else in the class body (docstrings, methods, properties) is kept.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    _KEPT_AS_MADE = frozenset({"__annotations__", "__module__", "__qualname__", "__dict__", "__weakref__"})

    class _RecordMaker(type):
        def __new__(mcs, name, bases, namespace):
            if not bases:
                return super().__new__(mcs, name, bases, namespace)
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = [namespace[field] for field in fields if field in namespace]
            record = collections.namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            for key, value in namespace.items():
                if key not in _KEPT_AS_MADE and key not in fields:
                    setattr(record, key, value)
            record.__qualname__ = namespace.get("__qualname__", name)
            return record

    class Record(metaclass=_RecordMaker):
        """Subclass it as ``typing.NamedTuple``."""


__all__ = ["Record"]
