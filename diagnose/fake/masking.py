"""What the fake shows of a request it received (its control API, its journal): the request's own
authkeys masked wherever they stand, then every authkey and phone number ``diagnose.redaction``
finds, as at every other output. Numbers are shown only when asked for."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from ..redaction import mask_secrets, redact
from .exchange import FakeRequest, fields_of, text_field


def authkeys_of(request: FakeRequest) -> list[str]:
    """The authkeys the request gives (its header's, its fields', in any case: ``AUTHKEY=``)."""
    fields = fields_of(request)
    named = [text_field(fields, name) for name in fields if isinstance(name, str) and name.lower() == "authkey"]
    return [key for key in (request.headers.get("authkey"), *named) if key]


def masked(text: str, authkeys: list[str], *, phones: bool = True, numbers: Iterable[str] = ()) -> str:
    """``text`` with ``authkeys`` masked, then redacted (``numbers``, the ones it is known to
    hold, masked wherever they stand); ``phones=False`` leaves phone numbers."""
    return redact(mask_secrets(text, authkeys), numbers if phones else (), phones=phones)


def masked_report(body: str, numbers: Iterable[str], *, phones: bool = True) -> str:
    """A delivery report the fake made: its own ``numbers`` masked wherever they stand (unless
    ``phones`` is False), and any authkey; no other run of digits, since the fake knows every
    number a report holds, and a request ID's digits are no phone number."""
    if not phones:
        return redact(body, (), phones=False)
    shown: list[str] = []
    for number in numbers:  # as a form's URL-encoding writes it too (+91 98123 45679: %2B91%2098123%2045679)
        shown += [number, quote(number, safe=""), quote_plus(number, safe=""), "".join(filter(str.isdigit, number))]
    return redact(body, shown, phones=False)
