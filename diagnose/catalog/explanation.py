"""The one template an entry is explained in: an entry in, its sections out, for the terminal
(``sms-diagnose explain``) and for the site (the page of each code), like rustc's ``--explain``
and its error index.

``sections()`` is the template: which sections an entry has, in which order, and what each
holds. A text is a tuple of pieces, plain strings and ``Link``s to other parts of the catalog;
``text()`` renders the sections for a terminal, and the docs hook renders the same sections as
Markdown, where a ``Link`` becomes a link. Nobody lays out an entry anywhere else.
"""

from __future__ import annotations

from ..records import Record
from ..vocabulary import EXCEPTION_OF_CATEGORY, GATEWAY_EXCEPTION, NETWORK_EXCEPTION, Outcome
from .layout import Line, lay_out
from .model import DELIVERY_PHASE, REASON_PHASE, Catalog, Entry, Example, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class Link(Record):
    """A reference to ``target``, of kind ``entry`` (a name), ``guide``, ``source``, ``category``
    or a vocabulary term (``phase``, ``severity``, ``actor``, ``retry``: its key)."""

    text: str
    kind: str
    target: str


Piece = str | Link
Text = tuple[Piece, ...]


class Section(Record):
    """One section: ``facts`` (label and value pairs), ``paragraphs``, ``steps`` (numbered),
    ``items`` (a list), ``examples``, ``rules`` (each rule's text in ``texts``, the rule beside
    it in ``rules``) or ``notice`` (a warning)."""

    key: str
    title: str
    kind: str
    texts: tuple[Text, ...] = ()
    facts: tuple[tuple[str, Text], ...] = ()
    examples: tuple[Example, ...] = ()
    rules: tuple[Rule, ...] = ()


def sections(entry: Entry, catalog: Catalog) -> Iterator[Section]:
    """Every section of ``entry``'s explanation, in order."""
    if entry.retired:
        yield Section("retired", "Retired", "notice", ((entry.retired_note or "",),))
    yield Section("facts", "Facts", "facts", facts=tuple(_facts(entry, catalog)))
    yield Section("cause", "Cause", "paragraphs", ((entry.cause,),))
    yield Section("remediation", "What to do", "steps", tuple(_steps(entry, catalog)))
    if entry.user_message:
        told = (f"\u201c{entry.user_message}\u201d (the exception's user_message, safe to show them)",)
        yield Section("user_message", "What to tell the end user", "paragraphs", (told,))
    yield Section("examples", "Examples", "examples", examples=entry.examples + entry.raised)
    if entry.when:
        described = entry.when.describe()
        yield Section("when", "When it applies", "paragraphs", ((described[0].upper() + described[1:] + ".",),))
    if entry.preflight:
        texts = tuple(_rule_text(rule, catalog) for rule in entry.preflight)
        yield Section("preflight", "Before sending", "rules", texts, rules=entry.preflight)
    if entry.variants:
        variants = tuple(
            (
                f"{v.context} (",
                Link(catalog.sources[v.source].title, "source", v.source),
                f"): {_sentence(v.meaning)}" + (f" {_sentence(v.note)}" if v.note else ""),
            )
            for v in entry.variants
        )
        yield Section("variants", "Other meanings of this code", "items", variants)
    if entry.match:
        yield Section("match", "Texts that identify it", "items", tuple((text,) for text in entry.match))
    related = [other for other in map(catalog.by_name, entry.related) if other is not None]
    if related:
        texts = tuple((Link(other.label, "entry", other.name), f": {other.title}") for other in related)
        yield Section("related", "Related", "items", texts)
    sources = tuple(
        (Link(catalog.sources[ref.source].title, "source", ref.source),)
        + ((f": \u201c{ref.wording}\u201d",) if ref.wording else ())
        for ref in entry.sources
    )
    yield Section("sources", "Sources", "items", sources)


def _facts(entry: Entry, catalog: Catalog) -> Iterator[tuple[str, Text]]:
    if entry.phase == DELIVERY_PHASE:
        identity = f"{entry.code} (a delivery status, not a request code)" if entry.code else "none: a description only"
        yield "Status", (identity,)
    elif entry.phase == REASON_PHASE:
        yield "Reported as", ("a delivery report's failure reason (failedReason, failureReason) or description",)
    else:
        yield "Code", (entry.code or _no_code(entry),)
    yield "Name", (entry.name,)
    yield "Phase", (Link(catalog.phases[entry.phase].title, "phase", entry.phase),)
    yield "Category", (Link(catalog.categories[entry.category].title, "category", entry.category),)
    if entry.outcome:
        yield "Outcome", (str(entry.outcome),)
    severity = catalog.severities[entry.severity]
    yield "Severity", (Link(str(entry.severity), "severity", entry.severity), f": {severity.summary}")
    yield "Who acts", (Link(catalog.actors[entry.actor].title, "actor", entry.actor),)
    retry = catalog.retries[entry.retry]
    yield "Retry", (Link(retry.title, "retry", entry.retry), f": {retry.summary}")
    raises = raised_for(entry)
    if raises is not None:
        yield "Raises", (f"{raises} (from diagnose import {raises})",)


def _sentence(text: str) -> str:
    """``text`` ending as a sentence ends, without a doubled full stop."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _rule_text(rule: Rule, catalog: Catalog) -> Text:
    apis = ", ".join(catalog.apis[key].title for key in rule.apis)
    text: Text = (
        f"{rule.rule} Checked in requests to {apis} (",
        Link(catalog.sources[rule.source].title, "source", rule.source),
        ").",
    )
    for variant in rule.variants:  # the readings a user may choose instead, each with its source
        text += (
            f" Variant {variant.variant}: {variant.rule} (",
            Link(catalog.sources[variant.source].title, "source", variant.source),
            ").",
        )
    return text


def _steps(entry: Entry, catalog: Catalog) -> Iterator[Text]:
    for step in entry.remediation:
        if step.guide:
            guide = catalog.guides[step.guide]
            yield step.text, " See ", Link(guide.title, "guide", guide.key), "."
        else:
            yield (step.text,)


# The terminal's rendering.


def raised_for(entry: Entry) -> str | None:
    """The name of the exception ``raise_for_error()`` raises for an answer this entry explains
    (importable from ``diagnose``); None for an entry whose answer raises nothing (a success or a
    delivered message). A message still on its way is not a success: it raises ``SmsApiError``."""
    if entry.outcome is Outcome.SUCCESS:
        return None
    if entry.when is not None:  # a transport entry: a network failure, or a gateway's page or status
        return NETWORK_EXCEPTION if entry.when.network else GATEWAY_EXCEPTION
    return EXCEPTION_OF_CATEGORY.get(entry.category, "SmsApiError")


def entry_text(entry: Entry, catalog: Catalog, width: int = 88) -> str:
    """Everything about one entry as ``sms-diagnose explain`` prints it."""
    return lay_out(entry_lines(entry, catalog), width)


def entry_lines(entry: Entry, catalog: Catalog) -> tuple[Line, ...]:
    """The lines of ``entry_text``, each paragraph still to be wrapped to the terminal's width."""
    lines: list[Line] = [f"{entry.label} \u2014 {entry.title}"]
    for section in sections(entry, catalog):
        lines += ["", *_section_lines(section, catalog)]
    lines += ["", f"Docs: {entry.docs_url}"]
    return tuple(lines)


def _section_lines(section: Section, catalog: Catalog) -> Iterator[Line]:
    if section.kind == "notice":
        yield f"{section.title}: {plain(section.texts[0], catalog)}", "", ""
        return
    if section.kind == "facts":
        facts = [f"{label.lower()}: {_fact_text(value, catalog)}" for label, value in section.facts]
        yield " \u00b7 ".join(facts), "", ""
        return
    yield section.title
    if section.kind == "examples":
        yield from (
            f"  raised {example.exception}: {example.body}"
            if example.exception
            else f"  {example.format:<7}{example.body}"
            for example in section.examples
        )
    elif section.kind == "rules":
        for text, rule in zip(section.texts, section.rules, strict=True):
            yield plain(text, catalog), "  - ", "    "
            yield f"    breaks it: {rule.example}"
            if rule.template:
                yield f"    template:  {rule.template}"
            if rule.templates:
                yield from (f"    templates: {line}" for line in rule.templates.splitlines())
    elif section.kind == "steps":
        for number, text in enumerate(section.texts, 1):
            yield plain(text, catalog), f"  {number}. ", "     "
    elif section.kind == "items":
        for text in section.texts:
            yield plain(text, catalog), "  - ", "    "
    else:
        for text in section.texts:
            yield plain(text, catalog), "  ", "  "


def _fact_text(value: Text, catalog: Catalog) -> str:
    """A fact's value without its explanation after the colon: the line of facts stays short."""
    return plain(value[:1], catalog) if isinstance(value[0], Link) else plain(value, catalog)


def plain(text: Text, catalog: Catalog) -> str:
    """A text for a terminal: a link to a guide keeps its address, other links their words."""
    return "".join(_plain_piece(piece, catalog) for piece in text)


def _plain_piece(piece: Piece, catalog: Catalog) -> str:
    if isinstance(piece, str):
        return piece
    if piece.kind == "guide":
        return f"{piece.text} ({catalog.docs_url}{catalog.guides[piece.target].docs_path})"
    return piece.text


def markdown(
    entry: Entry,
    catalog: Catalog,
    *,
    escape: Callable[[str], str],
    link: Callable[[Link], str],
    example: Callable[[Example], list[str]],
    rule_example: Callable[[Rule], list[str]],
) -> list[str]:
    """The same sections as Markdown lines, for the site: ``escape`` makes catalog prose literal,
    ``link`` makes a Link into a Markdown link, ``example`` lays out one example and
    ``rule_example`` the example request of one pre-flight rule."""
    parts: list[str] = []

    def render(text: Text) -> str:
        return "".join(escape(piece) if isinstance(piece, str) else link(piece) for piece in text)

    for section in sections(entry, catalog):
        if section.kind == "notice":
            parts += [f'!!! warning "{section.title}"', f"    {render(section.texts[0])}", ""]
            continue
        if section.kind == "facts":
            parts += [f"- **{label}:** {render(value)}" for label, value in section.facts]
            parts.append("")
            continue
        parts += [f"## {section.title}", ""]
        if section.kind == "examples":
            for shown in section.examples:
                parts += example(shown)
        elif section.kind == "rules":
            for text, rule in zip(section.texts, section.rules, strict=True):
                parts += [render(text), "", *rule_example(rule)]
        elif section.kind == "steps":
            parts += [f"{number}. {render(text)}" for number, text in enumerate(section.texts, 1)]
            parts.append("")
        elif section.kind == "items":
            parts += [f"- {render(text)}" for text in section.texts]
            parts.append("")
        else:
            parts += [line for text in section.texts for line in (render(text), "")]
    return parts


def _no_code(entry: Entry) -> str:
    if entry.when is not None and entry.when.network:
        return "none: no answer arrives, the HTTP client raises an exception"
    return "none: this error arrives as text only"
