"""The messages a request asks the provider to send: each as (number, content), where the
content is what makes two messages the same for the duplicate window; and the templates it names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from ..catalog.answers import FLOW, OTP_RETRY, OTP_SEND, OTP_VERIFY, SENDHTTP, V2
from ..records import Record

Message = tuple[str, str]
TEMPLATE_KEYS = ("template_id", "flow_id", "DLT_TE_ID")


class Submission(Record):
    """A send the fake accepted: its request ID, endpoint, numbers and time, and the names of the
    delivery failures ``preflight()`` predicts for it (a DLT template mismatch: accepted, then
    failed), which its delivery reports are to carry."""

    request_id: str
    endpoint: str
    numbers: tuple[str, ...]
    at: datetime
    failures: tuple[str, ...] = ()


def messages_of(endpoint: str, fields: Mapping[str, Any]) -> list[Message]:
    """Each (number, content) the request sends, a number once per content."""
    found = dict.fromkeys(_messages(endpoint, fields))
    return list(found)


def numbers_of(endpoint: str, fields: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(number for number, _ in _messages(endpoint, fields)))


def _messages(endpoint: str, fields: Mapping[str, Any]) -> Iterator[Message]:
    if endpoint == SENDHTTP:
        content = _text(fields.get("message"))
        for number in _numbers(fields.get("mobiles")):
            yield number, content
    elif endpoint == V2:
        items = fields.get("sms")
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping):
                content = _text(item.get("message"))
                for number in _numbers(item.get("to")):
                    yield number, content
    elif endpoint == FLOW:
        template = _text(fields.get("template_id") or fields.get("flow_id"))
        recipients = fields.get("recipients")
        for recipient in recipients if isinstance(recipients, list) else ():
            if isinstance(recipient, Mapping):
                variables = {key: value for key, value in recipient.items() if key != "mobiles"}
                content = template + " " + _canonical(variables)
                for number in _numbers(recipient.get("mobiles")):
                    yield number, content
        for number in _numbers(fields.get("mobiles")):
            yield number, template
    elif endpoint in (OTP_SEND, OTP_VERIFY, OTP_RETRY):
        for number in _numbers(fields.get("mobile")):
            yield number, _text(fields.get("template_id"))


def templates_of(fields: Mapping[str, Any]) -> list[str]:
    return [text for key in TEMPLATE_KEYS if (text := _text(fields.get(key)))]


def _numbers(value: object) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        for part in str(value).split(","):
            if part.strip():
                yield part.strip()


def _text(value: object) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _canonical(value: object) -> str:
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return repr(type(value))
