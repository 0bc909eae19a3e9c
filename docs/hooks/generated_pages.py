"""MkDocs hook: every generated page of the site, made in memory at build time.

From data/, through the catalog gate: one page per entry at its ``docs_path`` (the sections of
diagnose.catalog.explanation), one per category and guide, the tables of all codes and of the
errors without a code, the vocabulary and the sources; from benchmarks/results.json, the
performance page. Nothing here is committed as Markdown. Every example is diagnosed while its
page is made, and a catalog the gate refuses stops the build.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from diagnose.catalog.explanation import Link, entry_text, markdown
from diagnose.catalog.model import (
    DELIVERY_PHASE,
    REASON_PHASE,
    REPORT_PHASES,
    SUBMIT_PHASES,
    Catalog,
    Entry,
    Example,
    Guide,
    Rule,
    Term,
)
from diagnose.catalog.text import FOLDED_CHARACTERS, TRAILING_CHARACTERS, normalise_message
from diagnose.check.reports import REPORTS
from diagnose.gate import EXAMPLE_SENT, diagnose_example, preflight_example, validate
from diagnose.outgoing.checks import TIMED
from diagnose.vocabulary import DEFAULT_REPORT, Actor, Format, Phase, Retry, Severity

CODES_NAV = "codes/index.md"
GUIDES_NAV = "guides/index.md"
DELIVERY_NAV = "delivery/index.md"
DELIVERY_INDEX = "delivery/all-statuses.md"
TEXT_ONLY_PAGE = "messages/index.md"
FENCE_LANGUAGE = {
    Format.JSON: "json",
    Format.XML: "xml",
    Format.STRING: "text",
    Format.FORM: "text",
    Format.HTML: "html",
}
FORMAT_LABEL = {
    Format.JSON: "JSON",
    Format.XML: "XML",
    Format.STRING: "Plain string",
    Format.FORM: "Form-encoded webhook body",
    Format.HTML: "HTML page",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


# `mkdocs serve` replaces site_url by its dev server's address before building, so on_config's
# site_url check holds for `mkdocs build` and `gh-deploy` only. MkDocs names the command in the
# startup event, once per invocation (the hook module is loaded once, so it lasts through every
# rebuild); `mkdocs serve --clean` is announced as "build" and so is checked as a build.
_command: str | None = None
_catalog: Catalog | None = None
"""The catalog the gate checked in on_config: every page is made from it."""


def checked_catalog() -> Catalog:
    if _catalog is None:
        raise PluginError("the catalog gate has not run: on_config comes first")
    return _catalog


def on_startup(command: str, dirty: bool) -> None:
    global _command  # noqa: PLW0603
    _command = command


def _served_locally(config: MkDocsConfig, docs_url: str) -> bool:
    """True when `mkdocs serve` set site_url to its dev server at docs_url's path, as it does."""
    if _command != "serve" or not config.site_url:
        return False
    host, port = config.dev_addr
    return config.site_url == f"http://{host}:{port}{urlsplit(docs_url).path}"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _catalog  # noqa: PLW0603
    verdict = validate()
    if verdict.problems or verdict.catalog is None:
        raise PluginError(
            f"the catalog is invalid (stage {verdict.stage}), so the site is not built:\n" + "\n".join(verdict.problems)
        )
    catalog = _catalog = verdict.catalog
    if not _served_locally(config, catalog.docs_url):
        if config.site_url and config.site_url != catalog.docs_url:
            raise PluginError(
                f"site_url {config.site_url} differs from docs_url {catalog.docs_url} in data/catalog.yaml"
            )
        config.site_url = catalog.docs_url
    config.nav = list(_expand_nav(config.nav or [], catalog))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_uri, content in pages(checked_catalog()):
        files.append(File.generated(config, src_uri, content=content))
    return files


# Navigation: the two placeholders of mkdocs.yml become the catalog's sections.


def _expand_nav(nav: list[Any], catalog: Catalog) -> Iterator[Any]:
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else None
        if value == CODES_NAV:
            submit = [{"Errors without a code": TEXT_ONLY_PAGE}, *_category_nav(catalog, delivery=False)]
            yield {"Error codes": [CODES_NAV, *submit]}
        elif value == DELIVERY_NAV:
            statuses = [{"All statuses": DELIVERY_INDEX}, *_category_nav(catalog, delivery=True)]
            yield {"Delivery reports": [DELIVERY_NAV, *statuses]}
        elif value == GUIDES_NAV:
            yield {"Guides": [GUIDES_NAV, *({g.title: guide_src(g)} for g in catalog.guides.values())]}
        else:
            yield item


def _category_nav(catalog: Catalog, delivery: bool) -> Iterator[dict[str, list[Any]]]:
    for key, category in catalog.categories.items():
        members = [e for e in catalog if e.category == key and (e.phase in REPORT_PHASES) == delivery]
        if members:
            yield {category.title: [category_src(key), *({nav_label(e): entry_src(e)} for e in members)]}


# Where each page lives, and links between pages.


# Tables of hand-written pages, made from the code they describe: a marker in the page is replaced.


def report_formats_table() -> str:
    """``check --format``: each report, who reads it, and what it holds (its class's docstring)."""
    rows = []
    for name, report in REPORTS.items():
        shown = code(name) + (" (default)" if name == DEFAULT_REPORT else "")
        what = (report.__doc__ or "").strip().splitlines()[0].rstrip(".")
        rows.append([shown, esc(f"{report.reader}: {what[0].lower()}{what[1:]}")])
    return table(["`--format`", "for"], rows)


def lookup_box() -> str:
    """The home page's box: a code, a name or a catalogued text goes to its page; a pasted
    response gets the entries whose texts it holds, listed, never chosen (only ``diagnose()``
    reads a response). The look-up table is made here from the catalog, its keys folded as the
    library folds a message (``normalise_message``), with the characters that folding maps, so
    docs/javascripts/lookup.js folds what is typed the same way."""
    catalog = checked_catalog()
    table: dict[str, list[list[str]]] = {}

    def add(key: str, entry: Entry) -> None:
        shown = [entry.docs_path, nav_label(entry)]
        found = table.setdefault(normalise_message(key), [])
        if shown not in found:
            found.append(shown)

    for entry in catalog:
        for key in (entry.name, *entry.aliases, *entry.match, *([entry.code] if entry.code else [])):
            add(key, entry)
    folding = {"entries": table, "characters": FOLDED_CHARACTERS, "trailing": TRAILING_CHARACTERS}
    data = json.dumps(folding, ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")
    return "\n".join(
        [
            '<form class="sd-lookup" role="search" data-lookup>',
            '<label for="sd-lookup-input">A code, a name, a message text, or a whole response</label>',
            '<textarea id="sd-lookup-input" rows="2" spellcheck="false" '
            'placeholder=\'418, IP_NOT_WHITELISTED, OTP expired, or {"type":"error","code":"418"}\'>'
            "</textarea>",
            '<button type="submit" class="md-button md-button--primary">Look it up</button>',
            '<div class="sd-lookup-result" aria-live="polite"></div>',
            f'<script type="application/json" class="sd-lookup-table">{data}</script>',
            "</form>",
        ]
    )


def guides_by_code() -> str:
    """Each how-to of the catalog with the codes whose remediation sends the reader to it."""
    catalog = checked_catalog()
    lines = []
    for guide in catalog.guides.values():
        fixed = [e for e in catalog if e.code and any(step.guide == guide.key for step in e.remediation)]
        codes = ", ".join(f"[{esc(e.code or '')}]({link('index.md', entry_src(e))})" for e in fixed)
        lines.append(f"- [{esc(guide.title)}]({link('index.md', guide_src(guide))})" + (f": {codes}" if codes else ""))
    return "\n".join(lines)


GENERATED_TABLES = {
    "<!-- generated: check --format -->": report_formats_table,
    "<!-- generated: lookup -->": lookup_box,
    "<!-- generated: guides by code -->": guides_by_code,
}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for marker, make in GENERATED_TABLES.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown


def entry_src(entry: Entry) -> str:
    return entry.docs_path.rstrip("/") + ".md"


def guide_src(guide: Guide) -> str:
    return guide.docs_path.rstrip("/") + ".md"


def category_src(key: str) -> str:
    return f"categories/{key}/index.md"


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return target + (f"#{anchor}" if anchor else "")


def source_link(catalog: Catalog, from_src: str, key: str) -> str:
    return f"[{esc(catalog.sources[key].title)}]({link(from_src, 'sources.md', 'source-' + key.lower())})"


def nav_label(entry: Entry) -> str:
    return f"{entry.code} \u00b7 {entry.title}" if entry.code else entry.title


def esc(text: str) -> str:
    """Prose from the catalog, shown literally in Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fenced(body: str, language: str) -> str:
    fence = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`+", body)), default=0))
    return f"{fence}{language}\n{body}\n{fence}"


def table(header: list[str], rows: Iterable[list[str]], sortable: bool = False) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    body = "\n".join(lines)
    return f'<div class="sortable" markdown>\n\n{body}\n\n</div>' if sortable else body


def _entry_rows(catalog: Catalog, entries: Iterable[Entry], from_src: str) -> Iterator[list[str]]:
    for e in entries:
        yield [
            f"[{e.code or NO_CODE}]({link(from_src, entry_src(e))})",
            code(e.name),
            esc(e.title),
            f"[{esc(catalog.categories[e.category].title)}]({link(from_src, category_src(e.category))})",
            f'<span data-sort="{e.severity.rank}">{e.severity}</span>',
            esc(catalog.retries[e.retry].title),
        ]


NO_CODE = "\u2014"
RULES_PAGE = "preflight-rules.md"
ENTRY_TABLE_HEADER = ["Code", "Name", "Title", "Category", "Severity", "Retry"]


# The pages.


def pages(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for entry in catalog:
        yield entry_src(entry), entry_page(catalog, entry)
    yield CODES_NAV, codes_index(catalog)
    yield DELIVERY_INDEX, delivery_index(catalog)
    yield TEXT_ONLY_PAGE, text_only_index(catalog)
    for key in catalog.categories:
        yield category_src(key), category_page(catalog, key)
    yield GUIDES_NAV, guides_index(catalog)
    for guide in catalog.guides.values():
        yield guide_src(guide), guide_page(catalog, guide)
    yield "vocabulary.md", vocabulary_page(catalog)
    yield RULES_PAGE, rules_page(catalog)
    yield "performance.md", performance_page()
    yield "sources.md", sources_page(catalog)


def entry_page(catalog: Catalog, entry: Entry) -> str:
    """The page of one entry: the sections of diagnose.catalog.explanation as Markdown, each
    example diagnosed while the page is made, then what `sms-diagnose explain` prints."""
    src = entry_src(entry)
    heading = f"{entry.code} \u00b7 {entry.title}" if entry.code else entry.title

    def to(target: Link) -> str:
        return f"[{esc(target.text)}]({link(src, *_link_target(catalog, target))})"

    every_example = entry.examples + entry.raised

    def shown(example: Example) -> list[str]:
        result = diagnose_example(entry, example, catalog)
        seen = f" (seen in {esc(catalog.sources[example.source].title)})" if example.source else ""
        said = f"\u2192 {code(str(result))}"
        intro = []
        if example is every_example[0]:
            call = "diagnose_report()" if entry.phase in REPORT_PHASES else "diagnose()"
            intro = [f"Each example was read by `{call}` when this page was built; the arrow shows what it said.", ""]
        if example.exception:
            raised = f"{example.exception}: {example.body}"
            return [*intro, f"**Raised by the HTTP client**{seen}", "", fenced(raised, "text"), "", said, ""]
        label = f"**{FORMAT_LABEL[example.format]}**{seen}"
        return [*intro, label, "", fenced(example.body, FENCE_LANGUAGE[example.format]), "", said, ""]

    def rule_shown(rule: Rule) -> list[str]:
        findings = preflight_example(rule, catalog)
        language = "json" if rule.example.lstrip().startswith("{") else "text"
        lines = ["This request breaks it:", "", fenced(rule.example, language), ""]
        if rule.template:
            lines += ["checked against the flow template", "", fenced(rule.template, "text"), ""]
        if rule.templates:
            lines += ["sent under the DLT templates of this export", "", fenced(rule.templates, "text"), ""]
        said = "; ".join(str(finding) for finding in findings)
        sent = f" of it sent at {EXAMPLE_SENT[:10]}" if rule.check in TIMED else ""
        return [*lines, f"`preflight()` says{sent}: {code(said)}", ""]

    parts = [
        f"# {esc(heading)}",
        "",
        *markdown(entry, catalog, escape=esc, link=to, example=shown, rule_example=rule_shown),
    ]
    parts += [
        "## On the command line",
        "",
        fenced(f"sms-diagnose explain {entry.key}", "console"),
        "",
        '??? example "What it prints"',
        "",
        "    " + fenced(entry_text(entry, catalog, width=88), "text").replace("\n", "\n    "),
        "",
    ]
    return "\n".join(parts)


def _link_target(catalog: Catalog, target: Link) -> tuple[str, str]:
    """The page and anchor a Link of the explanation points to."""
    if target.kind == "entry":
        other = catalog.by_name(target.target)
        assert other is not None, target
        return entry_src(other), ""
    if target.kind == "guide":
        return guide_src(catalog.guides[target.target]), ""
    if target.kind == "source":
        return "sources.md", "source-" + target.target.lower()
    if target.kind == "category":
        return category_src(target.target), ""
    return "vocabulary.md", f"{target.kind}-{target.target}"


WIDE = "---\nhide:\n  - toc\n---\n"


def codes_index(catalog: Catalog) -> str:
    errors = [e for e in catalog if e.phase not in REPORT_PHASES]
    lines = [
        "# All error codes",
        "",
        f"Every error an API call can answer with, {len(errors)} in all. Click a column heading to sort by it. "
        f"Delivery-report statuses have [their own table]({link(CODES_NAV, DELIVERY_INDEX)}).",
        "",
        table(ENTRY_TABLE_HEADER, _entry_rows(catalog, errors, CODES_NAV), sortable=True),
        "",
    ]
    return WIDE + "\n".join(lines)


def delivery_index(catalog: Catalog) -> str:
    statuses = [e for e in catalog if e.phase == DELIVERY_PHASE]
    rows = [
        [
            f"[{e.code or NO_CODE}]({link(DELIVERY_INDEX, entry_src(e))})",
            code(e.name),
            esc(e.title),
            str(e.outcome),
            f'<span data-sort="{e.severity.rank}">{e.severity}</span>',
            esc(catalog.retries[e.retry].title),
        ]
        for e in statuses
    ]
    lines = [
        "# All delivery statuses",
        "",
        f"{esc(catalog.phases[DELIVERY_PHASE].summary)} {len(statuses)} statuses and descriptions in all; "
        f"see [delivery reports]({link(DELIVERY_INDEX, DELIVERY_NAV)}) for how they arrive.",
        "",
        table(["Status", "Name", "Title", "Outcome", "Severity", "Retry"], rows, sortable=True),
        "",
        *_reasons_table(catalog),
    ]
    return WIDE + "\n".join(lines)


def _reasons_table(catalog: Catalog) -> list[str]:
    reasons = [e for e in catalog if e.phase == REASON_PHASE]
    rows = [
        [
            f"[{esc(e.match[0])}]({link(DELIVERY_INDEX, entry_src(e))})",
            code(e.name),
            esc(e.title),
            esc(catalog.actors[e.actor].title),
            f'<span data-sort="{e.severity.rank}">{e.severity}</span>',
            esc(catalog.retries[e.retry].title),
        ]
        for e in reasons
    ]
    return [
        "## Failure reasons",
        "",
        f"{esc(catalog.phases[REASON_PHASE].summary)} {len(reasons)} reasons in all.",
        "",
        table(["Reason as reported", "Name", "Title", "Who acts", "Severity", "Retry"], rows, sortable=True),
        "",
    ]


def text_only_index(catalog: Catalog) -> str:
    rows = [
        [
            f"[{esc(e.title)}]({link(TEXT_ONLY_PAGE, entry_src(e))})",
            code(e.name),
            "<br>".join(code(text) for text in e.match),
            str(e.severity),
        ]
        for e in catalog
        if e.code is None and e.phase in SUBMIT_PHASES  # answers to API calls; not delivery or transport
    ]
    return WIDE + "\n".join(
        [
            "# Errors without a code",
            "",
            "These errors arrive as a message text or token only. `diagnose()` finds them by their text.",
            "",
            table(["Error", "Name", "Texts that identify it", "Severity"], rows, sortable=True),
            "",
        ]
    )


def category_page(catalog: Catalog, key: str) -> str:
    category = catalog.categories[key]
    src = category_src(key)
    members = [e for e in catalog if e.category == key]
    return WIDE + "\n".join(
        [
            f"# {esc(category.title)}",
            "",
            esc(category.summary),
            "",
            table(ENTRY_TABLE_HEADER, _entry_rows(catalog, members, src), sortable=True),
            "",
        ]
    )


def guides_index(catalog: Catalog) -> str:
    lines = ["# Guides", "", "The how-tos of the Bulk SMS FAQ that remediation steps point to.", ""]
    lines += [
        f"- [{esc(g.title)}]({link(GUIDES_NAV, guide_src(g))}): {esc(g.summary)}" for g in catalog.guides.values()
    ]
    return "\n".join([*lines, ""])


def guide_page(catalog: Catalog, guide: Guide) -> str:
    src = guide_src(guide)
    lines = [f"# {esc(guide.title)}", "", esc(guide.summary), ""]
    lines += [f"{number}. {esc(step)}" for number, step in enumerate(guide.steps, 1)]
    users = [e for e in catalog if any(step.guide == guide.key for step in e.remediation)]
    if users:
        lines += ["", "## Errors this guide helps with", ""]
        lines += [f"- [{esc(e.label)}]({link(src, entry_src(e))}): {esc(e.title)}" for e in users]
    lines += ["", "## Sources", ""]
    lines += [f"- {source_link(catalog, src, key)}" for key in guide.sources]
    return "\n".join([*lines, ""])


def vocabulary_page(catalog: Catalog) -> str:
    lines = ["# Severity, actors, retry", "", "The words every entry uses, explained once.", ""]
    vocabularies: tuple[tuple[str, str, type[StrEnum], Mapping[str, Term]], ...] = (
        ("Phases", "phase", Phase, catalog.phases),
        ("Severity", "severity", Severity, catalog.severities),
        ("Who acts", "actor", Actor, catalog.actors),
        ("Retry advice", "retry", Retry, catalog.retries),
    )
    for heading, prefix, vocabulary, terms in vocabularies:
        lines += [f"## {heading}", ""]
        for key in vocabulary:
            term = terms[key]  # the gate proved every member has its row
            count = sum(1 for e in catalog if key in (e.phase, e.severity, e.actor, e.retry))
            lines += [
                f"### {esc(term.title)} {{#{prefix}-{key}}}",
                "",
                f"{code(key)}: {esc(term.summary)} ({count} entries)",
                "",
            ]
    return "\n".join(lines)


def rules_page(catalog: Catalog) -> str:
    """Every pre-flight rule, by the entry it predicts, and where each API keeps its parameters."""
    lines = [
        WIDE + "# Pre-flight rules",
        "",
        "What `preflight()`, `sms-diagnose preflight` and the guards check in a request before it is sent,"
        " made from the `preflight:` rules of the catalog's entries. Each rule predicts its entry: the"
        " answer the provider would give, or for a delivery failure what the message's report would say."
        " Each entry's page shows a request that breaks its rule.",
        "",
    ]
    rows = [
        [
            f"[{esc(entry.label)}]({link(RULES_PAGE, entry_src(entry))})",
            code(rule.parameter),
            code(rule.check) + (f" {rule.limit}" if rule.limit is not None else ""),
            esc(rule.rule),
            ", ".join(esc(catalog.apis[key].title) for key in rule.apis),
            source_link(catalog, RULES_PAGE, rule.source),
        ]
        for entry in catalog
        for rule in entry.preflight
    ]
    lines += [table(["Predicts", "Parameter", "Check", "Rule", "APIs", "Source"], rows), ""]
    lines += ["## Where each API keeps its parameters", ""]
    for api in catalog.apis.values():
        paths = ", ".join(f"{code(name)} in {code(path)}" for name, path in api.parameters.items())
        sources = ", ".join(source_link(catalog, RULES_PAGE, key) for key in api.sources)
        lines += [
            f"### {esc(api.title)}",
            "",
            esc(api.summary),
            "",
            f"- **Named by its path:** {', '.join(code(e) for e in api.endpoints)}; a body alone, by the key "
            f"{' or '.join(code(k) for k in api.keys)}",
            f"- **Parameters:** {paths}",
            f"- **Sources:** {sources}",
            "",
        ]
    return "\n".join(lines)


def sources_page(catalog: Catalog) -> str:
    lines = [
        "# Sources",
        "",
        "Every fact of the catalog comes from one of these; the Bulk SMS FAQ gives the primary meaning.",
        "",
    ]
    for key, source in catalog.sources.items():
        cited = sum(1 for e in catalog if any(ref.source == key for ref in e.sources))
        lines += [
            f"## {esc(source.title)} {{#source-{key.lower()}}}",
            "",
            f"Key {code(key)}, {source.kind}, cited by {cited} entries.",
            "",
            esc(source.description),
            "",
        ]
        if source.url:
            lines += [f"<{source.url}>", ""]
    return "\n".join(lines)


BENCHMARK_RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results.json"


def _limit(row: dict[str, Any]) -> str:
    """A row's limit with its direction: at most for a cost, at least for a speed; which one is
    read from whether the row met it (benchmarks/run.py decides ``ok``)."""
    at_most = row["ok"] == (row["ratio"] <= row["limit"])
    sign = "\u2264" if at_most else "\u2265"
    return f"{sign} {row['limit']}"


def performance_page() -> str:
    """The last results of benchmarks/run.py, with the machine they ran on."""
    lines = [
        WIDE + "# Performance",
        "",
        "Every figure is a ratio against a baseline measured in the same run, by `make bench`",
        "(`benchmarks/run.py`). Absolute times are shown for reference; they depend on the machine.",
        "",
    ]
    if not BENCHMARK_RESULTS.is_file():
        return "\n".join([*lines, "No results yet: run `make bench`.", ""])
    results = json.loads(BENCHMARK_RESULTS.read_text(encoding="utf-8"))
    machine = results["machine"]
    lines += [
        f"Last run on {machine['date']}: {esc(machine['cpu'])}, {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB, Python {machine['python']}, {esc(machine['platform'])}"
        + (" (quick run: smaller logs)." if results.get("quick") else "."),
        "",
    ]
    rows = [
        [
            esc(row["benchmark"]),
            f"{row['target_time']} {row['unit']}",
            f"{esc(row['baseline'])}: {row['baseline_time']} {row['unit']}",
            str(row["ratio"]),
            _limit(row),
            "yes" if row["ok"] else "**no**",
        ]
        for row in results["results"]
    ]
    lines.append(table(["Benchmark", "Measured", "Baseline", "Ratio", "Limit", "Met"], rows))
    notes = [f"- {esc(row['benchmark'])}: {esc(row['note'])}" for row in results["results"] if row.get("note")]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join([*lines, ""])
