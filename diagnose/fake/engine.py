"""The fake SMS API: a request in, the provider's response out, decided by the catalog.

``FakeSmsApi`` is one fake provider with its own state (make one per test). Each request goes
through the failures a test injected, then ``preflight()`` (a request that breaks a rule gets
that entry's answer), then the account's state: authkeys, IP allow-list, balance, the duplicate
window, the OTPs it sent. Every body comes from ``diagnose.catalog.answers``, which the gate proves.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from ..catalog.answers import (
    BALANCE,
    ENDPOINT_FORMATS,
    FLAT,
    OTP_RETRY,
    OTP_SEND,
    OTP_VERIFY,
    SEND_ENDPOINTS,
    UNKNOWN_PATH,
    V5_ENDPOINTS,
    balance_answer,
    error_answer,
    success_answer,
)
from ..catalog.model import REPORT_PHASES, SUBMIT_PHASES, Catalog, Entry, load_catalog
from ..outgoing.finding import Finding
from ..outgoing.request import UnrecognisedRequest, request_text
from ..outgoing.rules import preflight
from ..outgoing.rules import templates_of as read_dlt_templates
from ..outgoing.templates import DltTemplates
from ..vocabulary import Format
from .account import DEFAULT_BALANCE, Account
from .clock import Clock, FakeClock, Sleeper
from .endpoints import endpoint_of, format_of
from .exchange import MAX_REQUEST_BYTES, FakeRequest, FakeResponse, fields_of, text_field
from .faults import Fault, checked, fault_response
from .injection import FailureRule, outcome_named
from .journal import Journal
from .messages import Message, Submission, messages_of, numbers_of, templates_of
from .otp import DEFAULT_EXPIRY, MAX_FAILED_VERIFICATIONS, MAX_RETRIES, OtpBook, digits_only
from .reports import DeliveryReport, check_webhook, post, report_entry, reports_of
from .responses import response_of

PREFLIGHT_ENDPOINTS = frozenset({*SEND_ENDPOINTS, OTP_SEND})
"""The endpoints whose requests ``preflight()`` reads (the catalog's ``apis``)."""
KEPT_EXCHANGES = 10_000
KEPT_BYTES = 64 << 20
"""The exchanges kept for a test to read: the last 10,000, and no more than 64 MiB of bodies."""
"""The most exchanges a fake keeps for a test to read; older ones are forgotten."""
DEFAULT_OTP_LENGTH = 4
Observer = Callable[[FakeRequest, FakeResponse], None]


class FakeSmsApi:
    """One fake provider. ``authkeys`` are the account's keys (None: any key is accepted, a
    missing one is still refused); ``allowed_ips`` its IP allow-list (None: IP security off);
    ``balance`` its SMS credits; ``seed`` fixes its request IDs, OTPs and probabilities;
    ``clock`` (a callable giving an aware datetime) and ``sleep`` are its time, a FakeClock
    by default; ``v5_fail_envelope`` answers v5 errors that have one in the fail envelope (HTTP 401);
    ``dlt_templates`` (as ``preflight()`` takes them) are the account's registered DLT templates;
    ``journal`` a file each exchange is written to as the JSON Lines record ``check`` reads, masked;
    ``trace`` a folder the answers to sends and the delivery reports are written to, for ``trace``.
    """

    def __init__(
        self,
        *,
        authkeys: Iterable[str] | None = None,
        allowed_ips: Iterable[str] | None = None,
        balance: int = DEFAULT_BALANCE,
        seed: int = 0,
        clock: Clock | None = None,
        sleep: Sleeper | None = None,
        catalog: Catalog | None = None,
        v5_fail_envelope: bool = False,
        max_otp_retries: int = MAX_RETRIES,
        max_failed_verifications: int = MAX_FAILED_VERIFICATIONS,
        dlt_templates: DltTemplates | str | bytes | os.PathLike[str] | None = None,
        journal: str | os.PathLike[str] | None = None,
        trace: str | os.PathLike[str] | None = None,
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.clock: Clock = clock if clock is not None else FakeClock()
        self.sleep: Sleeper = sleep or getattr(self.clock, "sleep", None) or time.sleep
        self.v5_fail_envelope = v5_fail_envelope
        self.dlt_templates = None if dlt_templates is None else read_dlt_templates(dlt_templates)
        self._settings = (
            None if authkeys is None else tuple(authkeys),
            None if allowed_ips is None else tuple(allowed_ips),
            balance,
            seed,
        )
        self._otp_limits = (max_otp_retries, max_failed_verifications)
        self.observers: list[Observer] = []
        """Called with each exchange once answered (a journal, a recorder); kept by ``reset``."""
        self.journal = None if journal is None else Journal(journal, self.clock)
        """The journal the exchanges are written to (``journal``: a path), or None; ``close()`` ends it."""
        if self.journal is not None:
            self.observers.append(self.journal)
        self.traced: tuple[Journal, Journal] | None = None
        """With ``trace`` (a folder): its ``answers.jsonl`` (the answers to sends) and
        ``reports.jsonl`` (the reports ``deliver`` made), for ``sms-diagnose trace``."""
        if trace is not None:
            os.makedirs(trace, exist_ok=True)
            answers = Journal(os.path.join(trace, "answers.jsonl"), self.clock, sends_only=True)
            self.traced = (answers, Journal(os.path.join(trace, "reports.jsonl"), self.clock))
            self.observers.append(answers)
        self._state = threading.RLock()
        """Held while a request reads or changes the fake's state (rules, account, OTPs), so that
        requests served in threads see one another's changes whole; not while a delay waits."""
        self.reset()

    def reset(self) -> None:
        """Back to the state it was made with: no injected failure, no OTP, nothing received."""
        authkeys, allowed_ips, balance, seed = self._settings
        self.account = Account(authkeys=authkeys, allowed_ips=allowed_ips, balance=balance, seed=seed)
        self.otps = OtpBook(*self._otp_limits)
        self.rules: list[FailureRule] = []
        self.observer_errors: list[OSError] = []
        """What observers (a journal) could not write: the answers were given all the same."""
        self._kept_bytes = 0
        self.exchanges: list[tuple[FakeRequest, FakeResponse]] = []
        self.submissions: list[Submission] = []
        """Every send accepted, oldest first: what a delivery report is made for."""
        self.reports: list[DeliveryReport] = []
        """Every delivery report made (``deliver``), oldest first."""
        self._undelivered: list[Submission] = []
        self._reported_as: dict[str, str] = {}

    def close(self) -> None:
        """End the journal and the trace files, if any (the fake still answers)."""
        for journal in (self.journal, *(self.traced or ())):
            if journal is not None:
                journal.close()

    # What a test changes and reads.

    @property
    def balance(self) -> int:
        return self.account.balance

    @balance.setter
    def balance(self, credits: int) -> None:
        if type(credits) is not int or credits < 0:
            raise ValueError(f"the balance is a whole number of credits, at least 0, not {credits!r:.40}")
        self.account.balance = credits

    @property
    def requests(self) -> list[FakeRequest]:
        """The requests received, oldest first."""
        return [request for request, _ in self.exchanges]

    def otp_sent_to(self, number: str) -> str:
        """The OTP last sent to ``number`` (as the request gave it); LookupError if none was."""
        return self.otps.sent_to(number)

    def fail_next(self, outcome: str | Fault, **match: Any) -> FailureRule:
        """Answer the next request (that ``match`` selects) with the entry named ``outcome``
        (``"IP_NOT_WHITELISTED"``, as the catalog spells it) or the transport fault given."""
        return self.fail_when(outcome, count=1, **match)

    def fail_when(
        self,
        outcome: str | Fault,
        *,
        endpoint: str | None = None,
        number: str | None = None,
        template: str | None = None,
        count: int | None = None,
        probability: float | None = None,
    ) -> FailureRule:
        """Answer the requests a rule matches (its ``endpoint``, a ``number`` it sends to, a
        ``template`` it names) with ``outcome``, ``count`` times (None: until ``reset``), each
        with ``probability`` drawn from the seed (None: always). ValueError for a name the
        catalog lacks, with the names close to it."""
        chosen = outcome_named(self.catalog, outcome) if isinstance(outcome, str) else outcome
        if not isinstance(chosen, Entry):
            checked(chosen)
        rule = FailureRule(
            chosen, endpoint=endpoint, number=number, template=template, count=count, probability=probability
        )
        with self._state:
            self.rules.append(rule)
        return rule

    def report_as(self, number: str, outcome: str, shape: str = FLAT) -> None:
        """Report ``number`` (as a send gives it) as ``outcome`` from now on: a delivery status
        (``"DELIVERY_FAILED"``) or a failure reason (``"REASON_EXP_ABSSUBS"``), as the catalog
        names them, to be delivered in ``shape``. ValueError for a name that is neither, or that
        has no report in that shape (naming the shapes it has)."""
        self._reported_as[number] = report_entry(self.catalog, outcome, shape).name

    def deliver(self, shape: str = FLAT, *, webhook: str | None = None, any_host: bool = False) -> list[DeliveryReport]:
        """The delivery reports of the sends accepted since the last ``deliver``, in ``shape``
        (``"flat"``, ``"form"``, ``"array"``, ``"events"`` or ``"webhook"``), kept in ``reports``
        and, with ``webhook``, POSTed to it (on this machine only, unless ``any_host``) with the
        status it answered. Each number is reported as ``report_as`` asked, else with its send's
        predicted failure (a DLT mismatch), else as delivered. ValueError, and nothing delivered,
        when a number's outcome has no catalog example in ``shape`` (``events`` and ``webhook``
        cover only some: the message names the shapes it has). OSError when the webhook cannot
        be reached."""
        url = None if webhook is None else check_webhook(webhook, any_host=any_host)
        with self._state:  # a send accepted meanwhile, in another thread, waits for the next deliver
            made = reports_of(self.catalog, self._undelivered, self._reported_as, shape)
            self._undelivered = []
        try:
            if url is not None:
                made = [post(report, url) for report in made]  # OSError when it cannot be reached
        finally:  # kept for the test to read, whether or not the webhook took them
            self.reports.extend(made)
            del self.reports[:-KEPT_EXCHANGES]
            if self.traced is not None:
                for report in made:
                    self.traced[1].write_report(report, self.clock())
        return made

    # The exchange.

    def handle(self, request: FakeRequest) -> FakeResponse:
        """The provider's response to ``request``. Never raises for any request."""
        if any(not name.islower() for name in request.headers):
            lowered = {name.lower(): value for name, value in request.headers.items()}
            request = FakeRequest(
                method=request.method,
                path=request.path,
                query=request.query,
                headers=lowered,
                body=request.body,
                client_ip=request.client_ip,
            )
        if len(request.body) > MAX_REQUEST_BYTES:
            response = FakeResponse(status=413, headers=(("Content-Type", "text/plain"),), body=b"")
        else:
            response = self._respond(request)
        with self._state:
            self.exchanges.append((request, response))
            self._kept_bytes += len(request.body) + len(response.body)
            while len(self.exchanges) > KEPT_EXCHANGES or (self._kept_bytes > KEPT_BYTES and len(self.exchanges) > 1):
                old, answered = self.exchanges.pop(0)
                self._kept_bytes -= len(old.body) + len(answered.body)
        for observer in self.observers:
            try:
                observer(request, response)
            except OSError as error:  # a journal on a full disk: the answer is given all the same
                self.observer_errors.append(error)
        return response

    def _respond(self, request: FakeRequest) -> FakeResponse:
        fields = fields_of(request)
        endpoint = endpoint_of(request.path)
        format = format_of(endpoint, fields)

        def answer() -> FakeResponse:
            with self._state:
                return self._answer(request, endpoint, format, fields)

        with self._state:
            rule = self._firing_rule(endpoint, fields)
        if rule is None:
            return answer()
        if isinstance(rule.outcome, Entry):
            return self._entry_response(rule.outcome, endpoint, format)
        return fault_response(rule.outcome, self.catalog, answer, self.sleep)

    def _firing_rule(self, endpoint: str, fields: Mapping[str, Any]) -> FailureRule | None:
        if not self.rules:
            return None
        numbers, templates = numbers_of(endpoint, fields), templates_of(fields)
        # rules that end (fail_next) in the order given, before those without end: a fail_next is
        # not kept waiting for ever behind an older fail_when(count=None)
        for rule in sorted(self.rules, key=lambda rule: rule.count is None):
            if rule.matches(endpoint, numbers, templates) and rule.fires(self.account.chance):
                if rule.spent:
                    self.rules.remove(rule)
                return rule
        return None

    def _entry_response(self, entry: Entry, endpoint: str, format: Format) -> FakeResponse:
        """``entry``'s answer on the endpoint: in ``format``, else in another the endpoint offers,
        else in any the entry has (an OTP message asked of sendhttp.php, say)."""
        formats = dict.fromkeys((format, *ENDPOINT_FORMATS[endpoint], *(e.format for e in entry.examples)))
        for candidate in formats:
            answer = error_answer(entry, endpoint, candidate, fail_envelope=self.v5_fail_envelope)
            if answer is not None:
                return response_of(answer)
        raise LookupError(f"{entry.name} has no example to answer with")

    def _named(self, name: str, endpoint: str, format: Format) -> FakeResponse:
        entry = self.catalog.by_name(name)
        if entry is None:
            raise LookupError(f"the catalog has no entry {name}, which the fake answers with")
        return self._entry_response(entry, endpoint, format)

    def _answer(self, request: FakeRequest, endpoint: str, format: Format, fields: Mapping[str, Any]) -> FakeResponse:
        if endpoint == UNKNOWN_PATH:
            return self._named("API_PATH_NOT_FOUND", endpoint, format)
        findings = self._findings(request) if endpoint in PREFLIGHT_ENDPOINTS else []
        later = tuple(f.entry.name for f in findings if f.entry.phase in REPORT_PHASES)
        authkey = request.headers.get("authkey") or text_field(fields, "authkey")
        if not authkey:
            return self._named("MISSING_AUTHKEY", endpoint, format)
        if not self.account.knows(authkey):
            wrong = "INVALID_CREDENTIALS" if endpoint in V5_ENDPOINTS else "INVALID_AUTHKEY"
            return self._named(wrong, endpoint, format)
        if not self.account.allows(request.client_ip):
            return self._named("IP_NOT_WHITELISTED", endpoint, format)
        for finding in findings:
            if finding.entry.phase in SUBMIT_PHASES:
                return self._entry_response(finding.entry, endpoint, format)
        if endpoint == BALANCE:
            return response_of(balance_answer(self.account.balance))
        if endpoint == OTP_VERIFY:
            return self._verified(fields, endpoint, format)
        if endpoint == OTP_RETRY:
            return self._resent(fields, endpoint, format)
        return self._sent(endpoint, format, fields, later)

    def _findings(self, request: FakeRequest) -> list[Finding]:
        """What ``preflight()`` finds in the request; a body it cannot read is judged without its
        body, as the provider reads no fields from it."""
        try:
            body = request_text(request.body, request.headers.get("content-type"), limit=MAX_REQUEST_BYTES)
        except UnrecognisedRequest:
            body = ""
        for text in dict.fromkeys((body, "")):
            recorded = {"method": request.method, "url": request.url, "headers": dict(request.headers), "body": text}
            try:
                return list(preflight(recorded, now=self.clock(), catalog=self.catalog, templates=self.dlt_templates))
            except (UnrecognisedRequest, TypeError):
                continue
        return []

    def _sent(self, endpoint: str, format: Format, fields: Mapping[str, Any], later: tuple[str, ...]) -> FakeResponse:
        """A send that passed every rule: refused as a duplicate or for the balance, else accepted
        (``later`` names the delivery failures preflight() predicts for it, for its reports)."""
        now = self.clock()
        messages: list[Message] = messages_of(endpoint, fields)
        if not messages:
            name = "OTP_INVALID_MOBILE" if endpoint == OTP_SEND else "MISSING_MOBILE_NUMBER"
            return self._named(name, endpoint, format)
        if endpoint != OTP_SEND and self.account.duplicates(endpoint, messages, now):  # each OTP is new content
            return self._named("DUPLICATE_REQUEST_DISCARDED", endpoint, format)
        cost = len(messages)
        if self.account.balance < cost:
            return self._named("INSUFFICIENT_BALANCE", endpoint, format)
        self.account.balance -= cost
        self.account.record_sent(endpoint, messages, now)
        if endpoint == OTP_SEND:
            self._send_otp(messages[0][0], fields)
        request_id = self.account.request_id()
        numbers = tuple(dict.fromkeys(number for number, _ in messages))
        self.submissions.append(
            Submission(request_id=request_id, endpoint=endpoint, numbers=numbers, at=now, failures=later)
        )
        del self.submissions[:-KEPT_EXCHANGES]
        self._undelivered.append(self.submissions[-1])
        del self._undelivered[:-KEPT_EXCHANGES]
        return response_of(success_answer(self.catalog, endpoint, format, request_id))

    def _send_otp(self, number: str, fields: Mapping[str, Any]) -> None:
        given = text_field(fields, "otp")
        length = min(max(_whole(text_field(fields, "otp_length"), DEFAULT_OTP_LENGTH), 4), 9)
        otp = given if digits_only(given) else self.account.otp(length)
        minutes = _whole(text_field(fields, "otp_expiry"), 0)
        expiry = timedelta(minutes=minutes) if minutes > 0 else DEFAULT_EXPIRY
        self.otps.send(number, otp, self.clock() + expiry)

    def _verified(self, fields: Mapping[str, Any], endpoint: str, format: Format) -> FakeResponse:
        refused = self.otps.verify(text_field(fields, "mobile"), text_field(fields, "otp"), self.clock())
        if refused:
            return self._named(refused, endpoint, format)
        return response_of(success_answer(self.catalog, endpoint, format, self.account.request_id()))

    def _resent(self, fields: Mapping[str, Any], endpoint: str, format: Format) -> FakeResponse:
        refused = self.otps.retry(text_field(fields, "mobile"), self.clock())
        if refused:
            return self._named(refused, endpoint, format)
        return response_of(success_answer(self.catalog, endpoint, format, self.account.request_id()))


def _whole(text: str | None, default: int) -> int:
    """A whole number a request gives as text (``6``, ``6.0``), or ``default``."""
    if not text:
        return default
    try:
        number = float(text)
    except ValueError:
        return default
    return int(number) if number.is_integer() and 0 <= number <= 10_000 else default
