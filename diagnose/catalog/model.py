"""The catalog as typed, immutable objects: entries, guides, sources and their look-ups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from ..arguments import shown
from ..records import Record
from ..vocabulary import (
    NETWORK_CAUSES,
    NETWORK_EXCEPTIONS,
    Actor,
    BodyKind,
    EntryStatus,
    Format,
    Outcome,
    Phase,
    Retry,
    Severity,
)
from .source import CatalogError, load_source
from .text import normalise_message

_normal = lru_cache(maxsize=4096)(normalise_message)
"""``normalise_message`` of the texts bodies bring, remembered: a log repeats a few texts
millions of times, and each is only as long as the longest catalog text allows."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _Member = TypeVar("_Member", Severity, Actor, Retry, Format)


def slug_of(name: str) -> str:
    """``invalid-authkey`` from ``INVALID_AUTHKEY``: an entry's address on the site and in lookups."""
    return name.lower().replace("_", "-")


REQUEST_PHASE = Phase.REQUEST
SUBMIT_PHASES = (REQUEST_PHASE, Phase.OTP)
"""The phases of the answers to API calls, which diagnose() reads; delivery reports come later."""
DELIVERY_PHASE = Phase.DELIVERY
REASON_PHASE = Phase.REASON
REPORT_PHASES = (DELIVERY_PHASE, REASON_PHASE)
"""The phases of what delivery reports say: each number's status, and why it failed."""
TRANSPORT_PHASE = Phase.TRANSPORT


class Step(Record):
    """One remediation step; ``guide`` names the how-to it follows, if any."""

    text: str
    guide: str | None = None


class Example(Record):
    """A raw response that must diagnose to its entry; ``source`` names where it was seen."""

    format: Format
    body: str
    source: str | None = None
    http_status: int | None = None
    exception: str | None = None
    """Set for a network failure's example (the entry's ``raised``): the class the HTTP client
    raises (``httpx.ReadTimeout``), and ``body`` is its message, not a body."""


class SourceRef(Record):
    source: str
    wording: str | None = None


class When(Record):
    """The conditions that identify a transport entry on a body with no provider envelope.

    ``http_status`` holds statuses (``"429"``) or classes (``"5xx"``); ``body`` is the kind of
    body (``html``, ``empty``). Every condition given must hold.
    """

    http_status: tuple[str, ...] = ()
    body: str | None = None
    network: str | None = None
    """A failure in the network (``NetworkFailure``): the HTTP client raised before any answer
    came. Found by the exception diagnose() is given, never on a body."""

    def describe(self) -> str:
        """``HTTP status 429, and no provider envelope in the body``: the conditions in words."""
        if self.network:
            return f"no answer came: the HTTP client raised {_raised_as(self.network)}"
        parts = []
        if self.http_status:
            parts.append("HTTP status " + " or ".join(self.http_status))
        if self.body:
            parts.append(f"the body is {'an HTML page' if self.body == BodyKind.HTML else self.body}")
        return ", and ".join(parts) + ", with no provider envelope in the body"

    def holds(self, http_status: int | None, body_kind: str) -> bool:
        if self.network:
            return False
        if self.http_status and not (
            http_status is not None
            and any(
                p == str(http_status) or (p.endswith("xx") and p[0] == str(http_status)[0]) for p in self.http_status
            )
        ):
            return False
        return self.body is None or self.body == body_kind


def _raised_as(network: str) -> str:
    """``httpx.ReadTimeout or requests.exceptions.ReadTimeout``: the classes of a network
    failure, each with the cause that makes it this failure when it needs one."""
    caused = [f"{name} caused by {cause}" for name, cause, failure in NETWORK_CAUSES if failure == network]
    overruled = {name: cause for name, cause, failure in NETWORK_CAUSES if failure != network}
    plain = [
        f"{name} (not caused by {overruled[name]})" if name in overruled else name
        for name, failure in NETWORK_EXCEPTIONS
        if failure == network
    ]
    names = plain + caused
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


class Variant(Record):
    """Another meaning the same code has in another context or source."""

    context: str
    meaning: str
    source: str
    note: str | None = None


class RuleVariant(Record):
    """Another reading of a rule, where its sources disagree: its name (``lenient``, ``40``),
    the rule as that reading states it, its source, and its limit (for a rule that has one)."""

    variant: str
    rule: str
    source: str
    limit: int | None = None


class Rule(Record):
    """A pre-flight rule: what ``check`` finds wrong with ``parameter`` of a request to one of
    ``apis`` predicts its entry (``diagnose.preflight``). ``example`` is a request that breaks
    this rule and no other, with the flow template it is checked against (``template``), or
    the DLT template export it is sent under (``templates``). ``variants`` are the other
    readings of its sources, which a user may choose instead of the rule's own."""

    check: str
    parameter: str
    apis: tuple[str, ...]
    rule: str
    source: str
    example: str
    template: str | None = None
    limit: int | None = None
    text: str | None = None
    when: str | None = None
    templates: str | None = None
    variants: tuple[RuleVariant, ...] = ()

    def reading(self, variant: str) -> Rule:
        """This rule as its variant ``variant`` reads it (itself, for a name it has no variant of)."""
        for other in self.variants:
            if other.variant == variant:
                limit = self.limit if other.limit is None else other.limit
                return Rule(
                    check=self.check,
                    parameter=self.parameter,
                    apis=self.apis,
                    rule=other.rule,
                    source=other.source,
                    example=self.example,
                    template=self.template,
                    limit=limit,
                    text=self.text,
                    when=self.when,
                    templates=self.templates,
                )
        return self


class Api(Record):
    """A send API whose requests ``preflight()`` reads: how a request names it (its URL's
    ``endpoints``, or a bare body's ``keys``) and the path of each of its ``parameters``."""

    key: str
    title: str
    summary: str
    endpoints: tuple[str, ...]
    keys: tuple[str, ...]
    parameters: Mapping[str, str]
    sources: tuple[str, ...]


class _EntryFields:
    """The fields of an Entry, each in its slot. An Entry refuses every write, so its slots are
    written on one of these, which then becomes the Entry (``Entry.__new__``)."""

    __slots__ = (
        "actor",
        "aliases",
        "category",
        "cause",
        "code",
        "docs_path",
        "docs_url",
        "examples",
        "match",
        "name",
        "outcome",
        "phase",
        "preflight",
        "raised",
        "related",
        "remediation",
        "retired_note",
        "retry",
        "severity",
        "sources",
        "status",
        "title",
        "user_message",
        "variants",
        "when",
    )
    name: str
    code: str | None
    title: str
    phase: str
    category: str
    severity: Severity
    actor: Actor
    retry: Retry
    cause: str
    remediation: tuple[Step, ...]
    related: tuple[str, ...]
    match: tuple[str, ...]
    examples: tuple[Example, ...]
    sources: tuple[SourceRef, ...]
    variants: tuple[Variant, ...]
    preflight: tuple[Rule, ...]
    raised: tuple[Example, ...]
    """A network failure's examples: exceptions, each an Example with ``exception`` set."""
    status: str
    retired_note: str | None
    outcome: Outcome | None
    when: When | None
    docs_path: str
    docs_url: str
    aliases: tuple[str, ...]
    user_message: str | None
    """What to tell the person being messaged or verified (an expired OTP: ask for a new code),
    safe to show them; None where the catalog has nothing for them."""


class Entry(_EntryFields):
    """One error of the catalog. ``code`` is None for errors that arrive as text only.

    Immutable; compared, hashed and pickled by name (an unpickled entry is the receiving
    process's own catalog entry). ``aliases`` are the names it was published under before.
    """

    __slots__ = ()

    def __new__(
        cls,
        *,
        name: str,
        code: str | None,
        title: str,
        phase: str,
        category: str,
        severity: Severity,
        actor: Actor,
        retry: Retry,
        cause: str,
        remediation: tuple[Step, ...],
        related: tuple[str, ...],
        match: tuple[str, ...],
        examples: tuple[Example, ...],
        sources: tuple[SourceRef, ...],
        variants: tuple[Variant, ...],
        status: str,
        preflight: tuple[Rule, ...] = (),
        raised: tuple[Example, ...] = (),
        retired_note: str | None,
        outcome: Outcome | None,
        when: When | None,
        docs_path: str,
        docs_url: str,
        aliases: tuple[str, ...],
        user_message: str | None = None,
    ) -> Entry:
        entry: Any = _new(_EntryFields)
        entry.name = name
        entry.code = code
        entry.title = title
        entry.phase = phase
        entry.category = category
        entry.severity = severity
        entry.actor = actor
        entry.retry = retry
        entry.cause = cause
        entry.remediation = remediation
        entry.related = related
        entry.match = match
        entry.examples = examples
        entry.sources = sources
        entry.variants = variants
        entry.preflight = preflight
        entry.raised = raised
        entry.status = status
        entry.retired_note = retired_note
        entry.outcome = outcome
        entry.when = when
        entry.docs_path = docs_path
        entry.docs_url = docs_url
        entry.aliases = aliases
        entry.user_message = user_message
        entry.__class__ = cls
        made: Entry = entry
        return made

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Entry is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Entry is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self.name == other.name

    def __hash__(self) -> int:
        return hash(("Entry", self.name))

    def __repr__(self) -> str:
        return f"<Entry {self.label}>"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled by name: an unpickled entry is the receiving process's own catalog entry."""
        return (_entry_named, (self.name,))

    @property
    def slug(self) -> str:
        return slug_of(self.name)

    @property
    def key(self) -> str:
        """What ``lookup()`` and ``sms-diagnose explain`` take: ``207``, ``delivery/17`` or the name."""
        if self.code is None:
            return self.name
        return self.code if self.phase == REQUEST_PHASE else f"{self.phase}/{self.code}"

    @property
    def label(self) -> str:
        """``207 INVALID_AUTHKEY``, ``delivery/17 DELIVERY_BLOCKED_NUMBER``, or the name alone."""
        return f"{self.key} {self.name}" if self.code else self.name

    @property
    def retired(self) -> bool:
        return self.status == EntryStatus.RETIRED

    def to_dict(self) -> dict[str, Any]:
        """The entry as in ``sms-diagnose export``: JSON-serialisable, no empty fields."""
        data: dict[str, Any] = {}
        if self.code is not None:
            data["code"] = self.code
        data.update(
            name=self.name,
            title=self.title,
            phase=self.phase,
            category=self.category,
            **({"outcome": str(self.outcome)} if self.outcome else {}),
            severity=str(self.severity),
            actor=str(self.actor),
            retry=str(self.retry),
            cause=self.cause,
            remediation=[_compact(text=s.text, guide=s.guide) for s in self.remediation],
            **({"user_message": self.user_message} if self.user_message else {}),
            related=list(self.related),
            match=list(self.match),
            examples=[
                _compact(format=str(e.format), body=e.body, source=e.source, http_status=e.http_status)
                for e in self.examples
            ],
            sources=[_compact(source=s.source, wording=s.wording) for s in self.sources],
        )
        if self.variants:
            data["variants"] = [
                _compact(context=v.context, meaning=v.meaning, source=v.source, note=v.note) for v in self.variants
            ]
        if self.preflight:
            data["preflight"] = [_rule_dict(rule) for rule in self.preflight]
        if self.raised:
            data["raised"] = [{"exception": e.exception, "message": e.body} for e in self.raised]
        if self.when:
            data["when"] = {
                **({"http_status": list(self.when.http_status)} if self.when.http_status else {}),
                **({"body": self.when.body} if self.when.body else {}),
                **({"network": self.when.network} if self.when.network else {}),
            }
        if self.aliases:
            data["aliases"] = list(self.aliases)
        data["status"] = self.status
        if self.retired_note:
            data["retired_note"] = self.retired_note
        data["docs_path"] = self.docs_path
        data["docs_url"] = self.docs_url
        return data


_new = object.__new__


def _rule_dict(rule: Rule) -> dict[str, Any]:
    data: dict[str, Any] = {"check": rule.check, "parameter": rule.parameter, "apis": list(rule.apis)}
    data.update(_compact(limit=rule.limit, text=rule.text, when=rule.when, rule=rule.rule, source=rule.source))
    data["example"] = _compact(request=rule.example, template=rule.template, templates=rule.templates)
    if rule.variants:
        data["variants"] = [
            {"variant": v.variant, **_compact(limit=v.limit), "rule": v.rule, "source": v.source} for v in rule.variants
        ]
    return data


def _rule(raw: Mapping[str, Any]) -> Rule:
    example = raw["example"]
    return Rule(
        raw["check"],
        raw["parameter"],
        tuple(raw["apis"]),
        raw["rule"],
        raw["source"],
        example["request"],
        example.get("template"),
        raw.get("limit"),
        raw.get("text"),
        raw.get("when"),
        example.get("templates"),
        tuple(
            RuleVariant(variant["variant"], variant["rule"], variant["source"], variant.get("limit"))
            for variant in raw.get("variants", ())
        ),
    )


def _compact(**fields: str | int | None) -> dict[str, str | int]:
    return {key: value for key, value in fields.items() if value is not None}


class Guide(Record):
    """One of the seed's how-tos that remediation steps point to."""

    key: str
    title: str
    summary: str
    steps: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def docs_path(self) -> str:
        return f"guides/{self.key}/"


class Term(Record):
    """A titled, explained key: a phase, a category, a severity, an actor, a retry advice."""

    key: str
    title: str
    summary: str


class Source(Record):
    key: str
    title: str
    kind: str
    description: str
    url: str | None


class SuccessText(Record):
    text: str
    meaning: str
    sources: tuple[str, ...]
    verifies_otp: bool = False
    """Whether the text says an OTP was verified (``ensure_otp_verified`` accepts only these)."""


class _TextIndex(Record):
    by_text: dict[tuple[str, str], Entry]
    success: dict[str, SuccessText]
    longest: int


class Catalog:
    """Every entry with its indexes. Build it with :func:`load_catalog`."""

    def __init__(self, document: Mapping[str, Any], entry_files: tuple[str, ...] = ()) -> None:
        self.document = document
        self.docs_url: str = document["docs_url"]
        self.phases = _terms(document["phases"])
        self.phase_dirs: Mapping[str, str] = MappingProxyType(
            {key: value["docs_dir"] for key, value in document["phases"].items()}
        )
        self.categories = _terms(document["categories"])
        self.severities = _terms(document["severities"])
        self.actors = _terms(document["actors"])
        self.retries = _terms(document["retries"])
        self.sources: Mapping[str, Source] = MappingProxyType(
            {
                key: Source(key, v["title"], v["kind"], v["description"], v.get("url"))
                for key, v in document["sources"].items()
            }
        )
        self.guides: Mapping[str, Guide] = MappingProxyType(
            {
                key: Guide(key, v["title"], v["summary"], tuple(v["steps"]), tuple(v["sources"]))
                for key, v in document["guides"].items()
            }
        )
        self.success_texts: tuple[SuccessText, ...] = tuple(
            SuccessText(s["text"], s["meaning"], tuple(s["sources"]), s.get("verifies_otp", False))
            for s in document["success"]
        )
        self.apis: Mapping[str, Api] = MappingProxyType(
            {
                key: Api(
                    key,
                    v["title"],
                    v["summary"],
                    tuple(v["endpoints"]),
                    tuple(v["keys"]),
                    MappingProxyType(dict(v["parameters"])),
                    tuple(v["sources"]),
                )
                for key, v in document.get("apis", {}).items()
            }
        )
        self.hosts: tuple[str, ...] = tuple(document.get("hosts", ()))
        """The hosts the provider's APIs answer on (``api.msg91.com``), in catalog order."""
        entries: list[Entry] = []
        for index, raw in enumerate(document["entries"]):
            origin = entry_files[index] if index < len(entry_files) else "entries"
            entries.append(self._build_entry(raw, origin))
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._by_name = {entry.name: entry for entry in entries}
        self._by_alias = {alias: entry for entry in entries for alias in entry.aliases}
        self._by_code: dict[tuple[str, str], Entry] = {
            (entry.phase, entry.code): entry for entry in entries if entry.code is not None
        }
        self._request_codes = {code: entry for (phase, code), entry in self._by_code.items() if phase == REQUEST_PHASE}
        """Request codes to entries: the lookup on every diagnosed error, kept flat for speed."""
        self.request_codes: Mapping[str, Entry] = MappingProxyType(self._request_codes)
        self._by_slug = {entry.slug: entry for entry in entries}
        self._text_index: _TextIndex | None = None
        self._phrases: tuple[frozenset[str], Mapping[str, Entry]] | None = None
        self.transport_entries = tuple(entry for entry in entries if entry.when is not None and not entry.when.network)
        self.network_entries: Mapping[str, Entry] = MappingProxyType(
            {entry.when.network: entry for entry in entries if entry.when is not None and entry.when.network}
        )
        """The transport entry of each network failure (``NetworkFailure``), by its member."""

    def _texts(self) -> _TextIndex:
        """The index of the catalog's texts, made on the first look-up by text (explain needs none)."""
        index = self._text_index
        if index is None:
            by_text: dict[tuple[str, str], Entry] = {}
            for entry in self.entries:
                for text in entry.match:
                    by_text.setdefault((entry.phase, normalise_message(text)), entry)
            success = {normalise_message(s.text): s for s in self.success_texts}
            longest = max(
                (len(text) for text in (*self._by_text_sources(), *(s.text for s in self.success_texts))), default=0
            )
            # A longer message cannot be any catalog text, whatever its spacing: it is not
            # normalised (Unicode normalisation can multiply a text's length eighteen times).
            index = self._text_index = _TextIndex(by_text, success, max(256, 4 * longest))
        return index

    def _build_entry(self, raw: Mapping[str, Any], origin: str) -> Entry:
        label = f"{origin}: entry {raw.get('name', '?')}"
        try:
            code = raw.get("code")
            phase = raw["phase"]
            name = raw["name"]
            leaf = code if code is not None else slug_of(name)
            docs_path = f"{self.phase_dirs[phase]}/{leaf}/"
            return Entry(
                name=name,
                code=code,
                title=raw["title"],
                phase=phase,
                category=raw["category"],
                severity=_member(_SEVERITIES, raw["severity"], "severity"),
                actor=_member(_ACTORS, raw["actor"], "actor"),
                retry=_member(_RETRIES, raw["retry"], "retry"),
                cause=raw["cause"],
                remediation=tuple([Step(s["text"], s.get("guide")) for s in raw["remediation"]]),
                related=tuple(raw["related"]),
                match=tuple(raw["match"]),
                examples=tuple(
                    [
                        Example(
                            _member(_FORMATS, e["format"], "format"), e["body"], e.get("source"), e.get("http_status")
                        )
                        for e in raw["examples"]
                    ]
                ),
                sources=tuple([SourceRef(s["source"], s.get("wording")) for s in raw["sources"]]),
                variants=tuple(
                    [Variant(v["context"], v["meaning"], v["source"], v.get("note")) for v in raw.get("variants", ())]
                ),
                status=raw["status"],
                preflight=tuple([_rule(rule) for rule in raw.get("preflight", ())]),
                raised=tuple(
                    [Example(Format.STRING, r["message"], exception=r["exception"]) for r in raw.get("raised", ())]
                ),
                retired_note=raw.get("retired_note"),
                outcome=Outcome(raw["outcome"]) if "outcome" in raw else None,
                when=When(
                    tuple(raw["when"].get("http_status", ())), raw["when"].get("body"), raw["when"].get("network")
                )
                if "when" in raw
                else None,
                docs_path=docs_path,
                docs_url=self.docs_url + docs_path,
                aliases=tuple(raw.get("aliases", ())),
                user_message=raw.get("user_message"),
            )
        except KeyError as exc:
            raise CatalogError(f"{label}: field {exc.args[0]} is missing or unknown") from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise CatalogError(f"{label}: {exc}") from exc

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def by_code(self, code: str, phase: str = REQUEST_PHASE) -> Entry | None:
        if phase == REQUEST_PHASE:
            return self._request_codes.get(code)
        return self._by_code.get((phase, code))

    def by_name(self, name: str) -> Entry | None:
        """The entry of that name, or of that former name (one of its ``aliases``)."""
        return self._by_name.get(name) or self._by_alias.get(name)

    def _by_text_sources(self) -> Iterator[str]:
        return (text for entry in self.entries for text in entry.match)

    def by_text(self, message: str, phases: tuple[str, ...] = SUBMIT_PHASES) -> Entry | None:
        index = self._texts()
        if len(message) > index.longest:
            return None
        normal = _normal(message)
        for phase in phases:
            entry = index.by_text.get((phase, normal))
            if entry is not None:
                return entry
        return None

    def text_phrases(self) -> tuple[frozenset[str], Mapping[str, Entry]]:
        """Every word-prefix of the catalog's texts of answers to API calls (``missing``,
        ``missing mobile``, ...), and each whole text's entry, all normalised as ``by_text``
        normalises: what finds a catalog text inside other words, one word at a time."""
        if self._phrases is None:
            texts: dict[str, Entry] = {}
            for (phase, normal), entry in self._texts().by_text.items():
                if phase in SUBMIT_PHASES:
                    texts.setdefault(normal, entry)
            prefixes = {" ".join(words[:size]) for words in map(str.split, texts) for size in range(1, len(words) + 1)}
            self._phrases = (frozenset(prefixes), MappingProxyType(texts))
        return self._phrases

    def transport_match(self, http_status: int | None, body_kind: str) -> Entry | None:
        """The first transport entry whose conditions hold, for a body with no provider envelope."""
        for entry in self.transport_entries:
            if entry.when is not None and entry.when.holds(http_status, body_kind):
                return entry
        return None

    def success_text(self, message: str) -> SuccessText | None:
        index = self._texts()
        if len(message) > index.longest:
            return None
        return index.success.get(_normal(message))

    def close_keys(self, key: str, count: int = 3) -> list[str]:
        """What someone who asked for ``key`` may have meant: the same number in another phase
        (``017`` is ``delivery/17``), else the names and codes that are spelled alike."""
        wanted = key.strip()
        if wanted.isdigit():
            number = wanted.lstrip("0") or "0"
            elsewhere = [e.key for e in self if e.code and e.code.lstrip("0") == number and e.phase != REQUEST_PHASE]
            if elsewhere:
                return elsewhere
        import difflib

        return difflib.get_close_matches(wanted.upper(), self.keys(), n=count, cutoff=0.6)

    def lookup(self, key: str | int, phase: str | None = None) -> Entry | None:
        """By code (``"207"``, ``207``; ``"delivery/17"`` or ``phase="delivery"`` for other phases),
        by name (``INVALID_AUTHKEY``) or by slug (``invalid-authkey``). A bare code is a request code.
        """
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise TypeError(f"lookup() takes a code or a name (str or int), not {type(key).__name__}")
        if phase is not None and phase not in self.phases:
            raise ValueError(f"phase must be one of {', '.join(self.phases)}, not {shown(phase)}")
        text = str(key).strip()
        prefix, slash, rest = text.partition("/")
        if slash and prefix in self.phases:
            phase, text = prefix, rest.strip()
        if text.isdigit():
            phase = phase or REQUEST_PHASE
            return self.by_code(text.zfill(3) if phase == REQUEST_PHASE else text, phase)
        entry = self.by_name(text.upper().replace("-", "_")) or self._by_slug.get(text.lower())
        return entry if entry is not None and phase in (None, entry.phase) else None

    def keys(self) -> list[str]:
        """Every key ``lookup()`` answers with one entry: codes (with their phase) and names."""
        return [entry.key for entry in self.entries if entry.code] + self.names()

    def names(self) -> list[str]:
        return list(self._by_name)


_SEVERITIES = {member.value: member for member in Severity}
_ACTORS = {member.value: member for member in Actor}
_RETRIES = {member.value: member for member in Retry}
_FORMATS = {member.value: member for member in Format}


def _member(members: dict[str, _Member], value: str, field: str) -> _Member:
    """``Severity(value)`` and the like, as a dict look-up: the catalog makes hundreds at start-up."""
    try:
        return members[value]
    except (KeyError, TypeError):
        raise ValueError(f"{field}: {value!r} is not one of {', '.join(members)}") from None


def _terms(raw: Mapping[str, Mapping[str, str]]) -> Mapping[str, Term]:
    return MappingProxyType({key: Term(key, v["title"], v["summary"]) for key, v in raw.items()})


@cache
def load_catalog() -> Catalog:
    """The installed catalog, read once per process."""
    source = load_source()
    return Catalog(source.document, source.entry_files)


def _entry_named(name: str) -> Entry:
    entry = load_catalog().by_name(name)
    if entry is None:
        raise ValueError(f"no entry named {name!r} in this catalog; it cannot be unpickled here")
    return entry


def lookup(code_or_name: str | int, phase: str | None = None) -> Entry | None:
    """The entry for a code (``"207"``, ``207``, ``"delivery/17"``) or a name (``INVALID_AUTHKEY``), or None."""
    return load_catalog().lookup(code_or_name, phase)


def entries() -> tuple[Entry, ...]:
    """Every entry of the catalog, in catalog order."""
    return load_catalog().entries
