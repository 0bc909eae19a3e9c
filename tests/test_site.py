"""The docs site: built strictly from the catalog, and browsed in a real headless Chromium."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from diagnose import Severity, diagnose, entries, load_catalog, lookup
from diagnose.gate import EXAMPLE_SENT, validate
from diagnose.vocabulary import DEFAULT_REPORT, ReportFormat

from .docs_hook import load_hook
from .real_clock import on_the_real_clock
from .site_server import ROOT, build_site, serve

pytestmark = pytest.mark.slow
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    built = build_site(target)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    return target


def _page(site: Path, docs_path: str) -> str:
    return (site / docs_path / "index.html").read_text(encoding="utf-8")


def test_every_entry_has_its_page_with_every_part(site: Path) -> None:
    for entry in entries():
        html = _page(site, entry.docs_path)
        assert entry.name in html and entry.cause.split()[0] in html, entry.name
        function = "diagnose_report()" if entry.phase in ("delivery", "reason") else "diagnose()"
        assert html.count(f"read by <code>{function}</code> when this page was built") == 1, entry.name
        assert html.count("<p>\u2192 <code>") == len(entry.examples + entry.raised), entry.name
        assert f"sms-diagnose explain {entry.key}" in html
        for step in entry.remediation:
            assert _text(step.text)[:40] in _text(html), (entry.name, step.text)


def _text(html: str) -> str:
    plain = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"\s+", " ", plain.replace("&rsquo;", "\u2019").replace("&#39;", "'").replace("&quot;", '"'))


def test_example_diagnoses_are_proven_at_build_time(site: Path) -> None:
    html = _page(site, "codes/311/")
    expected = str(diagnose("code:311")).replace("\u2014", "&mdash;")
    assert expected in html or str(diagnose("code:311")) in html


def test_each_rule_is_shown_on_its_entrys_page_with_what_preflight_says(site: Path) -> None:
    from diagnose import preflight

    catalog = load_catalog()
    shown = 0
    for entry in catalog:
        raw = _page(site, entry.docs_path)
        html = _text(raw)
        assert ('id="before-sending"' in raw) is bool(entry.preflight), entry.name
        for rule in entry.preflight:
            found = preflight(rule.example, template=rule.template, now=datetime.fromisoformat(EXAMPLE_SENT))
            said = "; ".join(str(f) for f in found)
            assert rule.rule[:40] in html and said in html and "preflight() says" in html, (entry.name, said)
            shown += 1
    assert shown == sum(len(entry.preflight) for entry in catalog) >= 15
    rules = _text(_page(site, "preflight-rules/"))
    assert "api/v2/sendsms" in rules and "sms[].to" in rules
    assert "Before sending" in _text(_page(site, "before-sending/"))


def test_index_pages_link_every_entry(site: Path) -> None:
    codes = _page(site, "codes/")
    assert re.search(r'<div class="sortable">\s*<table>', codes), "the sortable table is rendered"
    statuses = _page(site, "delivery/all-statuses/")
    for entry in entries():
        page = statuses if entry.phase == "delivery" else codes
        base = "delivery/all-statuses" if entry.phase == "delivery" else "codes"
        assert f'href="{posixpath.relpath(entry.docs_path, base)}/"' in page, entry.name
    assert "DELIVERY_FAILED" in statuses and "DELIVERY_FAILED" not in codes
    text_only = _page(site, "messages/")
    assert all(e.name in text_only for e in entries() if e.code is None and e.phase in ("request", "otp"))
    assert all(e.name not in text_only for e in entries() if e.code is not None)
    for key in load_catalog().categories:
        assert (site / "categories" / key / "index.html").is_file()
    for guide in load_catalog().guides.values():
        page = _page(site, guide.docs_path)
        assert guide.title in _text(page)


def test_related_codes_and_guides_are_links(site: Path) -> None:
    html = _page(site, "codes/207/")
    assert 'href="../106/"' in html and 'href="../authentication-failure/"' in html
    assert 'href="../../guides/authkey/"' in html


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|img|iframe)[^>]+src="(https?:[^"]+)"', html)
        external += [h for h in re.findall(r'<link[^>]+href="(https?:[^"]+)"', html) if "canonical" not in h]
        links = re.findall(r'<link[^>]*rel="(?:stylesheet|preconnect|preload)"[^>]*href="(https?:[^"]+)"', html)
        assert not links and not [u for u in external if not u.startswith(load_catalog().docs_url)], page


def test_ci_page_shows_the_pre_commit_hook_and_the_github_step(site: Path) -> None:
    text = _text(_page(site, "ci/"))
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: sms-diagnose-check" in text and "entry: sms-diagnose check" in text
    assert "id: sms-diagnose-check" in hook
    assert "sms-diagnose check --format github" in text
    assert "sms-diagnose check --format junit --output sms-report.xml" in text


def test_delivery_pages_say_status_and_outcome(site: Path) -> None:
    text = _text(_page(site, "delivery/17/"))
    assert "Status: 17 (a delivery status, not a request code)" in text and "Outcome: error" in text
    assert "sms-diagnose explain delivery/17" in text
    guide = _text(_page(site, "delivery/"))
    assert "def make_app(log_path: Path" in guide, "the receiving example is included from its file"


def test_the_errors_without_a_code_are_answers_to_api_calls_only(site: Path) -> None:
    text = _text(_page(site, "messages/"))
    assert "AUTHENTICATION_FAILURE" in text and "TRANSPORT_" not in text and "DELIVERY_" not in text


def test_every_page_shows_what_the_catalog_check_verified(site: Path) -> None:
    for slug, name in (
        ("transport-rate-limited", "TRANSPORT_RATE_LIMITED"),
        ("transport-server-error", "TRANSPORT_SERVER_ERROR"),
    ):
        text = _text(_page(site, f"transport/{slug}/"))
        assert f"\u2192 {name}:" in text and "\u2192 unrecognised" not in text, slug


def test_transport_pages_say_when_they_apply_and_security_is_documented(site: Path) -> None:
    text = _text(_page(site, "transport/transport-rate-limited/"))
    assert "When it applies" in text and "HTTP status 429, with no provider envelope in the body." in text
    security = _text(_page(site, "security/"))
    assert "AbCd…Mn" in security and "billion laughs" in security and "tests/test_redaction_channels.py" in security


def test_site_url_is_the_catalog_docs_url(site: Path) -> None:
    assert f'<link rel="canonical" href="{load_catalog().docs_url}codes/418/">' in _page(site, "codes/418/")


def test_a_broken_catalog_stops_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "entries" / "request.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("related: [DATABASE_SELECTION_FAILED", "related: [NOPE", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(hook, "validate", lambda: validate(data))
    with pytest.raises(
        PluginError, match=r"stage references.*\n.*entry DATABASE_CONNECTION_FAILED \(001\), related\[0\]: 'NOPE'"
    ):
        hook.on_config(MkDocsConfig())


# The browser test: Debian's chromium and chromedriver, nothing downloaded.

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "the browser test needs Debian's chromium and chromium-driver: `make test` installs them"
    )
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    service = Service(str(CHROMEDRIVER), env=on_the_real_clock(os.environ))  # see tests/real_clock.py
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.browser
def test_browse_search_and_read_entries(site: Path, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver: WebDriver = browser  # type: ignore[assignment]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(driver, 30)
    with serve(site) as base:
        driver.get(base)
        search = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
        search.click()
        search.send_keys("whitelist")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a[href*='codes/418/']"))
        titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")]
        driver.save_screenshot(str(SCREENSHOTS / "search-whitelist.png"))
        assert any("418" in title for title in titles), titles
        search.send_keys(Keys.ESCAPE)

        entry = lookup("418")
        assert entry is not None
        driver.get(base + entry.docs_path)
        heading = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "article h1"))).text
        assert heading.replace("\u00b6", "").strip() == f"418 \u00b7 {entry.title}"
        assert driver.title.startswith(f"418 \u00b7 {entry.title}")
        steps = driver.find_elements(By.XPATH, "//h2[starts-with(@id,'what-to-do')]/following-sibling::ol[1]/li")
        assert [s.text.split(" See ")[0] for s in steps] == [step.text for step in entry.remediation]
        driver.save_screenshot(str(SCREENSHOTS / "code-418.png"))

        text_only = lookup("OTP_ALREADY_VERIFIED")
        assert text_only is not None
        driver.get(base + text_only.docs_path)
        heading = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "article h1"))).text
        assert heading.replace("\u00b6", "").strip() == text_only.title
        assert "info" in driver.find_element(By.CSS_SELECTOR, "article").text
        driver.save_screenshot(str(SCREENSHOTS / "text-only-otp-already-verified.png"))

        driver.get(base + "delivery/17/")
        heading = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "article h1"))).text
        assert heading.replace("\u00b6", "").strip() == "17 \u00b7 Blocked number"
        driver.save_screenshot(str(SCREENSHOTS / "delivery-17.png"))

        driver.get(base + "codes/")
        severity = wait.until(ec.element_to_be_clickable((By.XPATH, "//div[@class='sortable']//th[.='Severity']")))
        severity.click()
        column = [
            row.find_elements(By.TAG_NAME, "td")[4].text
            for row in driver.find_elements(By.CSS_SELECTOR, "div.sortable tbody tr")
        ]
        ranks = [Severity(name).rank for name in column]
        assert ranks == sorted(ranks) and column[0] == "info", "sorted by rank, benign first"
        assert severity.get_attribute("aria-sort") == "ascending"
        driver.save_screenshot(str(SCREENSHOTS / "all-codes-sorted.png"))


def test_the_ci_page_shows_every_report_format_from_the_code(site: Path) -> None:
    from diagnose.check.reports import REPORTS

    shown = _text(_page(site, "ci/"))
    assert "generated: check --format" not in shown
    for name in ReportFormat:
        assert f"{name}{' (default)' if name is DEFAULT_REPORT else ''} {REPORTS[name].reader}: " in shown, name


def test_the_api_reference_is_made_from_the_docstrings(site: Path) -> None:
    from diagnose.exceptions import SmsApiError, _subclasses

    shown = _text(_page(site, "api/"))
    for name in ("diagnose", "diagnose_report", "to_problem", "raise_for_error", "preflight", "trace", "Entry"):
        assert f" {name} " in shown, name
    assert "Never raises for any bytes or str" in shown  # diagnose()'s own docstring
    for cls in [SmsApiError, *_subclasses(SmsApiError)]:
        assert f" {cls.__name__} " in shown, cls.__name__
