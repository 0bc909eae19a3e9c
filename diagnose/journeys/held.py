"""The request ids trace holds while it reads the reports, in a few bytes each.

Per request id: a compact key, the place of its answer, and the place, outcome and number of
the latest report of its number, in arrays of machine integers; a message to several numbers
keeps the rest in a dict of its own. No diagnosis is held: a message is told by reading its
lines again (``places.Inputs.item``), and a delivered one, which the human report does not
show, need not be read again at all.
"""

from __future__ import annotations

from array import array

from ..diagnosis import Diagnosis
from ..logs.reader import Item
from ..logs.units import InputError
from ..redaction import printable
from ..times import unix_seconds
from ..vocabulary import Outcome
from .join import Waiting, replaces
from .journey import Submitted
from .places import Inputs

OUTCOMES = tuple(Outcome)
_CODE = {outcome: code for code, outcome in enumerate(OUTCOMES)}
_SUCCESS = _CODE[Outcome.SUCCESS]
_REPLACES = tuple(tuple(replaces(before, said) for said in OUTCOMES) for before in OUTCOMES)
"""``replaces`` of each pair of outcome codes: ``_REPLACES[before][said]``."""
_NONE = -1
_ASIDE = -2
"""The code of a number not written in digits only: the number is kept in ``other_numbers``."""
_MAX_DIGITS = 17
"""A number of up to 17 digits, a 1 before it, is below 2**63: an array holds it."""
_ROOM = 4096
"""Request ids the arrays grow by at once, each slot already holding what a new one holds."""

Key = bytes | str
Report = tuple[int, int, int, int]
"""A report's place, line, part and outcome code."""


def key_of(request_id: str) -> Key:
    """The request id as a dict holds it in fewest bytes: the same for any case, and one for
    each id. A hexadecimal one of an even length is the bytes its digits write (fromhex reads
    either case, and skips spaces: two digits a byte says there were none)."""
    try:
        key = _from_hex(request_id)
    except ValueError:  # not hexadecimal digits only, or an odd number of them
        return request_id.lower()  # request ids are hexadecimal: any case joins
    return key if 2 * len(key) == len(request_id) else request_id.lower()


_from_hex = bytes.fromhex


def _number_code(number: str | None) -> int:
    """-1 for no number, the digits after a 1 for a number of digits only, else _ASIDE."""
    if number is None:
        return _NONE
    if number.isascii() and number.isdigit() and len(number) <= _MAX_DIGITS:
        return int("1" + number)
    return _ASIDE


def _room(code: str, value: int) -> array[int]:
    return array(code, [value]) * _ROOM


class Held:
    """The request ids held, in the order first seen, and their latest reports.

    The arrays hold ``_ROOM`` slots more than there are request ids (``len(held)``), each
    holding what a new request id holds: no answer, no report."""

    def __init__(self) -> None:
        self.index: dict[Key, int] = {}
        self.count = 0
        self.answer_place = array("q")
        self.answer_line = array("q")
        self.place = array("q")
        self.line = array("q")
        self.part = array("l")
        self.outcome = array("b")
        self.number = array("q")
        self.other_numbers: dict[int, str] = {}
        self.more: dict[int, dict[str | None, Report]] = {}

    def __len__(self) -> int:
        return self.count

    def _new(self, key: Key) -> int:
        index = self.index[key] = self.count
        self.count = index + 1
        if index == len(self.outcome):
            self._grow()
        return index

    def _grow(self) -> None:
        for slots in (self.answer_place, self.answer_line, self.place, self.line, self.number):
            slots.extend(_room("q", _NONE))
        self.part.extend(_room("l", 0))
        self.outcome.extend(_room("b", _NONE))

    def answer(self, request_id: str, place: int, line: int | None) -> None:
        """An accepted answer, held unless its request id was held already."""
        key = key_of(request_id)
        if key not in self.index:
            index = self.index[key] = self.count  # _new, written out for every accepted answer
            self.count = index + 1
            if index == len(self.outcome):
                self._grow()
            self.answer_place[index] = place
            if line is not None:
                self.answer_line[index] = line

    def report(  # noqa: PLR0917 - on the path of every report
        self, request_id: str, number: str | None, said: Outcome, place: int, line: int | None, part: int
    ) -> None:
        """A report of ``request_id`` to ``number`` (its diagnosis's), of outcome ``said``, joined to it."""
        key = key_of(request_id)
        index = self.index.get(key)
        if index is None:
            index = self._new(key)
        outcome, line = _CODE[said], _NONE if line is None else line
        report = place, line, part, outcome
        more = self.more.get(index)
        if more is None:
            before = self.outcome[index]
            if before == _NONE:  # its first report
                self.place[index], self.line[index], self.part[index], self.outcome[index] = report
                code = self.number[index] = _number_code(number)
                if code == _ASIDE:
                    assert number is not None
                    self.other_numbers[index] = number
            elif self._same_number(index, number):
                if _REPLACES[before][outcome]:
                    self.place[index], self.line[index], self.part[index], self.outcome[index] = report
            else:
                self.more[index] = {self._number_of(index): self._report(index), number: report}
            return
        stood = more.get(number)
        if stood is None or _REPLACES[stood[3]][outcome]:
            more[number] = report

    def _same_number(self, index: int, number: str | None) -> bool:
        code = self.number[index]
        return code == _number_code(number) and (code != _ASIDE or self.other_numbers[index] == number)

    def _number_of(self, index: int) -> str | None:
        code = self.number[index]
        if code == _NONE:
            return None
        return self.other_numbers[index] if code == _ASIDE else str(code)[1:]

    def delivered(self, index: int) -> bool:
        """Whether the message's every number was delivered (its journey is DELIVERED)."""
        more = self.more.get(index)
        if more is None:
            return self.outcome[index] == _SUCCESS
        return all(report[3] == _SUCCESS for report in more.values())

    def waiting(self, index: int, inputs: Inputs) -> tuple[str, Waiting]:
        """The request id's answer and latest reports, read again (what ``join.journey_of``
        tells), and its key as ``join.trace`` holds it."""
        submitted, place = None, self.answer_place[index]
        if place != _NONE:
            line = self.answer_line[index]
            answer, diagnosis = self._read(index, inputs, (place, line, 0, _SUCCESS))
            at = unix_seconds(answer.time)  # a float, as submitted_of() would make it
            submitted = Submitted(diagnosis=diagnosis, where=answer.where, at=at, predicted=answer.predicted)
        waiting = Waiting(submitted)
        more = self.more.get(index)
        if more is not None:
            waiting.more = {}
            for number, report in more.items():
                item, diagnosis = self._read(index, inputs, report)
                if diagnosis.number != number:  # the same request id, another number: rewritten
                    raise InputError(f"{printable(item.origin)}: changed while it was traced")
                waiting.more[number] = diagnosis
            waiting.first = waiting.more[self._number_of(index)]
        elif self.outcome[index] != _NONE:
            item, waiting.first = self._read(index, inputs, self._report(index))
            if not self._same_number(index, waiting.first.number):
                raise InputError(f"{printable(item.origin)}: changed while it was traced")
        told = submitted.diagnosis if submitted is not None else waiting.first
        assert told is not None and told.request_id is not None
        return told.request_id.lower(), waiting

    def _read(self, index: int, inputs: Inputs, report: Report) -> tuple[Item, Diagnosis]:
        """The item at a place, read again: the one read there before, or the input changed."""
        place, line, part, _ = report
        item = inputs.item(place, None if line == _NONE else line, part)
        diagnosis = item.diagnosis
        if diagnosis is None or diagnosis.request_id is None or self.index.get(key_of(diagnosis.request_id)) != index:
            raise InputError(f"{printable(item.origin)}: changed while it was traced")
        return item, diagnosis

    def _report(self, index: int) -> Report:
        return self.place[index], self.line[index], self.part[index], self.outcome[index]
