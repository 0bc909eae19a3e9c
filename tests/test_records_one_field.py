"""A record of one field is a value like any other (red team of the fake: its faults, records of
one field, could not be shown, compared, hashed or pickled)."""

from __future__ import annotations

import copy
import pickle

from diagnose.fake import Delay, Reset, ServerError


def test_a_record_of_one_field_is_shown_compared_hashed_pickled_and_copied() -> None:
    fault = ServerError(status=502)
    assert repr(fault) == "ServerError(status=502)"
    assert fault == ServerError(status=502) and fault != ServerError(status=503) and fault != Delay(seconds=502)
    assert hash(fault) == hash(ServerError(status=502)) and len({fault, ServerError(status=502)}) == 1
    assert pickle.loads(pickle.dumps(fault)) == fault and copy.deepcopy(fault) == fault
    assert Reset() == Reset(network="connection-lost") and "connection-lost" in repr(Reset())
