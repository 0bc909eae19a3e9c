"""``Record``: an immutable record with named fields, that is not a tuple.

A record class lists its fields as annotations, each with its default if it has one, as a
dataclass does::

    class Step(Record):
        text: str
        guide: str | None = None

To the type checker it is a frozen dataclass. A record keeps each field in a slot of its name;
it is compared and hashed by its fields (equal only to a record of its own class), shows them in
its ``repr``, pickles and copies, and cannot be changed, iterated, indexed or unpacked. A record
is made by keyword (``Step(text="...")``); only its own module makes it by position, where that
is the faster call (a test holds the package to it).

A record is made about as fast as a named tuple, and its fields are read faster, without
importing ``dataclasses`` (which costs a command's start-up milliseconds) and without writing
code at run time. A record class refuses every write, so its slots are written on a writable
twin of it (a builder of the same slots) that then becomes the record: ``__class__`` is assigned
once. The builder also names the slots ``_0``, ``_1``, ..., so that one constructor for each
number of fields writes those of every record class of that size, at the speed of attribute
stores. A record class is a plain class (its type is ``type``, so ``isinstance`` is quick).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import dataclass_transform

    @dataclass_transform(frozen_default=True)
    class Record:
        """Subclass it as a frozen dataclass: fields are annotations, with their defaults."""

        __slots__ = ()

else:
    from operator import attrgetter, is_, itemgetter

    _new = object.__new__
    _UNSET = object()
    """What a field's parameter holds when the call gave no value for it."""

    class _Record:
        """What every record class has: it refuses writes, and is compared, hashed, pickled and
        shown by its fields (``_record_fields``, read at once by ``_record_values``)."""

        __slots__ = ()

        def __setattr__(self, name, value):
            raise AttributeError(f"cannot set {name!r}: a {type(self).__name__} is immutable")

        def __delattr__(self, name):
            raise AttributeError(f"cannot delete {name!r}: a {type(self).__name__} is immutable")

        def __eq__(self, other):
            if type(other) is not type(self):
                return NotImplemented
            values = self._record_values
            return values(self) == values(other)

        def __hash__(self):
            return hash(self._record_values(self))

        def __reduce__(self):
            return (type(self), self._record_values(self))

        def __init_subclass__(cls, **kwargs):
            """A subclass of a record class that has a ``__dict__`` (a class statement without
            ``__slots__``) cannot become one by ``__class__``: its records are made as the record
            class's, then have their slots copied into an instance of it."""
            super().__init_subclass__(**kwargs)
            if "__dict__" not in cls.__dict__:
                return
            record_class = next(base for base in cls.__mro__ if "_record_fields" in base.__dict__)
            made, fields = record_class.__new__, record_class._record_fields

            def __new__(subclass, /, *given, **named):
                values = record_class._record_values(made(record_class, *given, **named))
                record = _new(subclass)
                for field, value in zip(fields, values, strict=True):
                    object.__setattr__(record, field, value)
                return record

            cls.__new__ = __new__

        def __repr__(self):
            shown = ", ".join(
                f"{field}={value!r}"
                for field, value in zip(self._record_fields, self._record_values(self), strict=True)
            )
            return f"{type(self).__name__}({shown})"

    class _RecordType(type):
        """Makes a class statement that subclasses Record a record class: its annotations its
        fields, in slots on a builder, and its constructor. The class made is a plain class of
        ``_Record``'s (its type is ``type``, so that ``isinstance`` asks nothing of this one)."""

        def __new__(mcs, name, bases, namespace):
            if not bases:
                return super().__new__(mcs, name, bases, namespace)  # Record itself
            fields = tuple(namespace.get("__annotations__", {}))
            if not 0 < len(fields) <= len(_MAKERS):
                raise TypeError(f"a record has 1 to {len(_MAKERS)} fields; {name} has {len(fields)}")
            defaults = {field: namespace.pop(field) for field in fields if field in namespace}
            required = [field for field in fields if field not in defaults]
            if required != list(fields[: len(required)]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            own = {"__module__": namespace["__module__"], "__qualname__": namespace["__qualname__"]}
            slots = type(name, (), {**own, "__slots__": fields})
            positions = {f"_{position}": slots.__dict__[field] for position, field in enumerate(fields)}
            builder = type(name, (slots,), {**own, "__slots__": (), **positions})
            namespace["__slots__"] = ()
            parameters = tuple(defaults.get(field, _UNSET) for field in fields)
            made = _MAKERS[len(fields) - 1](builder, fields, parameters)
            made.__name__, made.__qualname__ = "__new__", f"{namespace['__qualname__']}.__new__"
            namespace["__new__"] = made
            record = type(name, (*(_Record if base is Record else base for base in bases), slots), namespace)
            record._record_fields = fields
            getter = attrgetter(*fields)
            # a function would be bound as a method; attrgetter, not a descriptor, is not
            record._record_values = getter if len(fields) > 1 else staticmethod(lambda record: (getter(record),))
            return record

        def __instancecheck__(cls, instance):
            return isinstance(instance, _Record)

        def __subclasscheck__(cls, subclass):
            return issubclass(subclass, _Record)

    class Record(metaclass=_RecordType):
        """Subclass it as a frozen dataclass: fields are annotations, with their defaults."""

        __slots__ = ()

    def _ordering(fields, parameters):
        """What puts in order the values of a call that gives fields by name, or leaves some
        without a value, to a record class of ``fields`` whose parameters have the defaults
        ``parameters``: from the values given by position (``given``, the parameters' values)
        and by name (``named``)."""
        count, names = len(fields), frozenset(fields)
        required = frozenset(field for field, default in zip(fields, parameters, strict=True) if default is _UNSET)
        every = itemgetter(*fields) if count > 1 else lambda named: (named[fields[0]],)

        def ordered(cls, given, named):
            if all(map(is_, given, parameters)):  # nothing by position: the usual call by name
                if len(named) == count and named.keys() == names:
                    return every(named)
                if required <= named.keys() <= names:
                    return map(named.get, fields, parameters)
            return _checked(cls, fields, parameters, given, named)

        return ordered

    def _checked(record, fields, parameters, given, named):
        """The values of a call, one field at a time: TypeError for a field that is missing,
        unknown, or given twice."""
        if not named.keys() <= set(fields):  # the names given are not shown: a secret may be one
            raise TypeError(f"{record.__name__}() is given a field it does not have (its fields: {', '.join(fields)})")
        values = []
        for field, value, default in zip(fields, given, parameters, strict=True):
            if field in named:
                if value is not default:
                    raise TypeError(f"{record.__name__}() is given its field {field!r} twice")
                values.append(named[field])
            elif value is _UNSET:
                raise TypeError(f"{record.__name__}() lacks its field {field!r}")
            else:
                values.append(value)
        return values

    # One constructor for each number of fields: ``__new__`` of every record class of that
    # size, with the class's builder, fields and their defaults. A call that gives a field by
    # name, or leaves one without its value, has its values put in order first.

    def _one(builder, fields, parameters):
        (d0,) = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, /, **named):
            if named or _0 is _UNSET:
                (_0,) = ordered(cls, (_0,), named)
            record = _new(builder)
            record._0 = _0
            record.__class__ = cls
            return record

        return made

    def _two(builder, fields, parameters):
        d0, d1 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, /, **named):
            if named or _0 is _UNSET or _1 is _UNSET:
                _0, _1 = ordered(cls, (_0, _1), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record.__class__ = cls
            return record

        return made

    def _three(builder, fields, parameters):
        d0, d1, d2 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, /, **named):
            if named or _0 is _UNSET or _1 is _UNSET or _2 is _UNSET:
                _0, _1, _2 = ordered(cls, (_0, _1, _2), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record.__class__ = cls
            return record

        return made

    def _four(builder, fields, parameters):
        d0, d1, d2, d3 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, /, **named):
            if named or _0 is _UNSET or _1 is _UNSET or _2 is _UNSET or _3 is _UNSET:
                _0, _1, _2, _3 = ordered(cls, (_0, _1, _2, _3), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record.__class__ = cls
            return record

        return made

    def _five(builder, fields, parameters):
        d0, d1, d2, d3, d4 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, /, **named):
            if named or _0 is _UNSET or _1 is _UNSET or _2 is _UNSET or _3 is _UNSET or _4 is _UNSET:
                _0, _1, _2, _3, _4 = ordered(cls, (_0, _1, _2, _3, _4), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record.__class__ = cls
            return record

        return made

    def _six(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, /, **named):
            if named or _0 is _UNSET or _1 is _UNSET or _2 is _UNSET or _3 is _UNSET or _4 is _UNSET or _5 is _UNSET:
                _0, _1, _2, _3, _4, _5 = ordered(cls, (_0, _1, _2, _3, _4, _5), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record.__class__ = cls
            return record

        return made

    def _seven(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, /, **named):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6 = ordered(cls, (_0, _1, _2, _3, _4, _5, _6), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record.__class__ = cls
            return record

        return made

    def _eight(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6, d7 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, _7=d7, /, **named):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
                or _7 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6, _7 = ordered(cls, (_0, _1, _2, _3, _4, _5, _6, _7), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record._7 = _7
            record.__class__ = cls
            return record

        return made

    def _nine(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6, d7, d8 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, _7=d7, _8=d8, /, **named):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
                or _7 is _UNSET
                or _8 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6, _7, _8 = ordered(cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record._7 = _7
            record._8 = _8
            record.__class__ = cls
            return record

        return made

    def _ten(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6, d7, d8, d9 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, _7=d7, _8=d8, _9=d9, /, **named):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
                or _7 is _UNSET
                or _8 is _UNSET
                or _9 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6, _7, _8, _9 = ordered(cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9), named)
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record._7 = _7
            record._8 = _8
            record._9 = _9
            record.__class__ = cls
            return record

        return made

    def _eleven(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10 = parameters
        ordered = _ordering(fields, parameters)

        def made(cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, _7=d7, _8=d8, _9=d9, _10=d10, /, **named):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
                or _7 is _UNSET
                or _8 is _UNSET
                or _9 is _UNSET
                or _10 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10 = ordered(
                    cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10), named
                )
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record._7 = _7
            record._8 = _8
            record._9 = _9
            record._10 = _10
            record.__class__ = cls
            return record

        return made

    def _twelve(builder, fields, parameters):
        d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11 = parameters
        ordered = _ordering(fields, parameters)

        def made(
            cls, _0=d0, _1=d1, _2=d2, _3=d3, _4=d4, _5=d5, _6=d6, _7=d7, _8=d8, _9=d9, _10=d10, _11=d11, /, **named
        ):
            if (
                named
                or _0 is _UNSET
                or _1 is _UNSET
                or _2 is _UNSET
                or _3 is _UNSET
                or _4 is _UNSET
                or _5 is _UNSET
                or _6 is _UNSET
                or _7 is _UNSET
                or _8 is _UNSET
                or _9 is _UNSET
                or _10 is _UNSET
                or _11 is _UNSET
            ):
                _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11 = ordered(
                    cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11), named
                )
            record = _new(builder)
            record._0 = _0
            record._1 = _1
            record._2 = _2
            record._3 = _3
            record._4 = _4
            record._5 = _5
            record._6 = _6
            record._7 = _7
            record._8 = _8
            record._9 = _9
            record._10 = _10
            record._11 = _11
            record.__class__ = cls
            return record

        return made

    _MAKERS = (_one, _two, _three, _four, _five, _six, _seven, _eight, _nine, _ten, _eleven, _twelve)


__all__ = ["Record"]
