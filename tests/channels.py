"""Every output channel of the product, listed in one place: whatever renders a diagnosis is here,
so a new channel cannot be forgotten by the tests that scan them (tests/test_redaction_channels.py).

A library channel takes a body and returns what it shows. A command channel is the arguments of
a command that is run over a folder of bodies and a JSON Lines log of them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from diagnose import Diagnosis, UnrecognisedRequest, diagnose, diagnose_report, ensure_preflight, preflight, trace
from diagnose.diagnosis_text import diagnosis_text
from diagnose.exceptions import SmsApiError, error_for
from diagnose.integrations.webhook import WebhookWSGIApp
from diagnose.journeys.journey import Submitted
from diagnose.observability import sentry_fingerprint, span_attributes
from diagnose.testing import assert_error, assert_ok

from .hostile_corpus import AUTHKEY, PHONE

ROOT = Path(__file__).resolve().parent.parent


def _diagnoses(body: bytes) -> list[Diagnosis]:
    return [diagnose(body), *diagnose_report(body)]


def _errors(body: bytes) -> list[SmsApiError]:
    return [error_for(d) for d in _diagnoses(body) if not d.ok]


def _failure(check: Callable[[], object]) -> str:
    try:
        check()
    except AssertionError as exc:
        return str(exc)
    return ""


def _journeys_shown(body: bytes) -> str:
    """Each journey the body makes as a send's answer read from a file whose name holds a key and
    a number, and as its delivery report: str(), repr(), and its answer's repr()."""
    answer = Submitted(diagnose(body), where=f"authkey={AUTHKEY}/{PHONE}.jsonl:1")
    journeys = list(trace([answer], [body], now=0))
    return "\n".join(f"{journey}\n{journey!r}\n{journey.submitted!r}" for journey in journeys)


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.shown: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.shown.append(self.format(record))


def _webhook_shown(body: bytes) -> str:
    """What the package's webhook app logs and answers for the body posted to it, once handed
    to an ``on_report`` that keeps it and once to one that fails, quoting what it was given."""

    def fails(diagnosis: Diagnosis) -> None:
        raise ValueError(f"cannot store {diagnosis.number} ({diagnosis.raw}; {diagnosis.request_id})")

    kept = _Kept()
    logger = logging.getLogger("diagnose.webhook")
    level, logger.level = logger.level, logging.DEBUG
    logger.addHandler(kept)
    answers: list[bytes] = []
    try:
        for on_report in (lambda diagnosis: None, fails):
            environ = {"REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
            answers.extend(WebhookWSGIApp(on_report)(environ, lambda status, headers: None))
    finally:
        logger.removeHandler(kept)
        logger.setLevel(level)
    return "\n".join([*kept.shown, *(answer.decode("utf-8") for answer in answers)])


LIBRARY_CHANNELS: dict[str, Callable[[bytes], str]] = {
    "str": lambda body: "\n".join(str(d) for d in _diagnoses(body)),
    "repr": lambda body: "\n".join(repr(d) for d in _diagnoses(body)),
    "summary": lambda body: "\n".join(d.summary() for d in _diagnoses(body)),
    "to_dict": lambda body: "\n".join(json.dumps(d.to_dict(), ensure_ascii=False) for d in _diagnoses(body)),
    "counted_as": lambda body: "\n".join(d.counted_as for d in _diagnoses(body)),
    "diagnosis_text": lambda body: "\n".join(diagnosis_text(d) for d in _diagnoses(body)),
    "assert_ok": lambda body: _failure(lambda: assert_ok(body)),
    "assert_error": lambda body: _failure(lambda: assert_error(body, "INVALID_AUTHKEY")),
    "log_fields": lambda body: "\n".join(json.dumps(d.log_fields(), ensure_ascii=False) for d in _diagnoses(body)),
    "to_problem": lambda body: "\n".join(json.dumps(d.to_problem(), ensure_ascii=False) for d in _diagnoses(body)),
    "exception": lambda body: "\n".join(f"{e}\n{e!r}\n{e.args}\n{e.name}" for e in _errors(body)),
    "span_and_fingerprint": lambda body: "\n".join(
        json.dumps([span_attributes(d), sentry_fingerprint(d)], ensure_ascii=False) for d in _diagnoses(body)
    ),
    "journey": _journeys_shown,
    "webhook_app": _webhook_shown,
}


def _findings_shown(request: object) -> str:
    try:
        found = preflight(request)
    except UnrecognisedRequest as exc:
        return str(exc)
    fields = [f"{f}\n{f!r}\n{f.summary()}\n{f.message}\n{f.parameter}\n{f.value}" for f in found]
    return "\n".join([*fields, *(json.dumps(f.to_dict(), ensure_ascii=False) for f in found)])


def _refusal_shown(request: object) -> str:
    try:
        ensure_preflight(request)
    except SmsApiError as error:
        return f"{error}\n{error!r}\n{error.args}\n{error.name}\n{[repr(f) for f in error.findings]}"
    except UnrecognisedRequest as exc:
        return str(exc)
    return ""


REQUEST_CHANNELS: dict[str, Callable[[object], str]] = {
    "findings": _findings_shown,
    "refusal": _refusal_shown,
}
"""What renders a request's findings (diagnose.outgoing): scanned like the channels above."""
REQUEST_COMMAND_CHANNELS: dict[str, list[str]] = {
    **{f"preflight-{f}": ["preflight", "--format", f] for f in ("human", "json", "junit", "github")},
}

REVEALING_CHANNELS: dict[str, Callable[[bytes], str]] = {
    "summary-reveal": lambda body: "\n".join(d.summary(reveal_number=True) for d in _diagnoses(body)),
    "to_dict-reveal": lambda body: "\n".join(json.dumps(d.to_dict(reveal_number=True)) for d in _diagnoses(body)),
}
"""Channels asked to show a delivery report's own number: scanned for authkeys only."""

COMMAND_CHANNELS: dict[str, list[str]] = {
    "parse": ["parse"],
    "parse-json": ["parse", "--json"],
    "parse-problem": ["parse", "--format", "problem"],
    "report": ["report"],
    "report-json": ["report", "--json"],
    **{f"check-{f}": ["check", "--format", f] for f in ("human", "json", "junit", "github")},
    **{f"check-reports-{f}": ["check", "--reports", "--format", f] for f in ("human", "json", "junit", "github")},
}
TRACE_COMMAND_CHANNELS: dict[str, list[str]] = {
    "trace": ["trace"],
    "trace-json": ["trace", "--json"],
}
"""Commands that read two inputs, the answers and the reports: run with the folder as both."""
REVEALING_COMMAND_CHANNELS: dict[str, list[str]] = {
    "trace-json-show-numbers": ["trace", "--json", "--show-numbers", "{folder}"],
    "report-show-numbers": ["report", "--show-numbers"],
    "report-json-show-numbers": ["report", "--json", "--show-numbers"],
    "check-reports-show-numbers": ["check", "--reports", "--show-numbers", "--format", "json"],
}


def load_receiver() -> ModuleType:
    """examples/webhook_receiver.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location("webhook_receiver", ROOT / "examples" / "webhook_receiver.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def receiver_log(bodies: list[bytes], log: Path) -> str:
    """The webhook receiver's log and answers after each body is posted to it."""
    app = load_receiver().make_app(log)
    answers = []
    for body in bodies:
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json",
            "wsgi.input": io.BytesIO(body),
        }
        answers.append(b"".join(app(environ, lambda status, headers: None)).decode("utf-8"))
    return log.read_text(encoding="utf-8") + "\n".join(answers)


def post_to_receiver(log: Path, bodies: list[Path]) -> None:
    app = load_receiver().make_app(log)
    for path in bodies:
        body = path.read_bytes()
        kind = "application/x-www-form-urlencoded" if path.suffix == ".txt" else "application/json"
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": kind,
            "wsgi.input": io.BytesIO(body),
        }
        assert b'"reports"' in b"".join(app(environ, lambda status, headers: None))
