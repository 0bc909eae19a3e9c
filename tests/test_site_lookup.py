"""The home page answers its two questions on the first screen (issue 26, part 6): a box that
takes a code, a name, a catalogued text or a pasted response and goes to its page, the how-tos
with the codes they fix, and the journey page. A response that names more than one entry is
listed, never guessed; what a user types is shown as text, never as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from diagnose import load_catalog
from diagnose.catalog.text import normalise_message

from .site_server import serve
from .test_site import browser, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def _home(site: Path) -> str:  # noqa: F811
    return (site / "index.html").read_text(encoding="utf-8")


def test_the_box_s_table_takes_every_code_name_and_text_to_its_page(site: Path) -> None:  # noqa: F811
    found = re.search(r'<script type="application/json" class="sd-lookup-table">(.*?)</script>', _home(site), re.S)
    assert found is not None
    table = json.loads(found.group(1))["entries"]
    for entry in load_catalog():
        for key in (entry.name, *entry.aliases, *entry.match, *([entry.code] if entry.code else [])):
            assert entry.docs_path in [path for path, _ in table[normalise_message(key)]], (entry.name, key)
            assert (site / entry.docs_path / "index.html").is_file()


def test_the_home_page_links_the_journey_and_the_how_tos_with_their_codes(site: Path) -> None:  # noqa: F811
    home = _home(site)
    assert 'href="delivery/why-not-arrived/"' in home
    guide = r'IP security and whitelisting</a>: <a href="codes/208/">208</a>, <a href="codes/418/">418</a>'
    assert re.search(guide, home)
    assert home.count('href="codes/"') >= 1 and "by category" not in home


QUERIES = [
    ("418", "codes/418/"),
    ("IP_NOT_WHITELISTED", "codes/418/"),
    ("  ip is NOT whitelisted. ", "codes/418/"),
    ("ip is not whitelisted\u2014", None),  # no catalogued text: not a page
]
LISTED = [  # a response: the entries whose texts it holds, listed, never chosen
    ('{"message":"OTP expired","type":"error"}', ["messages/otp-expired/"]),
    ("<RESPONSE><TYPE>error</TYPE><MESSAGE>IP is not whitelisted</MESSAGE><CODE>418</CODE></RESPONSE>", ["codes/418/"]),
    ('{"type":"error","message":"IP is not whitelisted","code":"211"}', ["codes/418/"]),
]
NOTHING = [  # numbers are not looked up: none of these is a page's (the red team's wrong pages)
    '{"requestId":"546b384ce51f8f1e1e8b4567","number":"919812340001","status":"8","desc":"PENDING","credit":"1"}',
    '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
    '{"type":"error","message":"Too Many Requests","code":"429","retry":"1"}',
    "constructor",
    '{"a":"constructor","b":"__proto__"}',
    "x" * 199 + "\U0001f600",
]


@pytest.mark.browser
def test_the_box_goes_to_the_page_lists_several_and_shows_typed_text_as_text(
    site: Path,  # noqa: F811
    browser: object,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver: WebDriver = browser  # type: ignore[assignment]
    wait = WebDriverWait(driver, 30)

    def ask(base: str, text: str) -> None:
        driver.get(base)
        box = wait.until(ec.element_to_be_clickable((By.ID, "sd-lookup-input")))
        driver.execute_script("arguments[0].value = arguments[1];", box, text)
        driver.find_element(By.CSS_SELECTOR, "form[data-lookup] button").click()

    with serve(site) as base:
        for text, page in QUERIES:
            ask(base, text)
            if page is None:
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".sd-lookup-result p"))
                assert driver.current_url == base
            else:
                wait.until(lambda d, page=page: d.current_url == base + page)

        for text, pages in LISTED:
            ask(base, text)
            listed = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".sd-lookup-result li a"))
            assert sorted(a.get_attribute("href") for a in listed) == [base + page for page in pages]
            assert "sms-diagnose parse -" in driver.find_element(By.CSS_SELECTOR, ".sd-lookup-result").text
            assert driver.current_url == base

        for text in NOTHING:
            ask(base, text)
            said = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".sd-lookup-result p"))
            assert said[0].text.startswith("No code, name or catalogued text found in it"), text
            assert not driver.find_elements(By.CSS_SELECTOR, ".sd-lookup-result li") and driver.current_url == base
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, errors

        ask(base, '<img src=x onerror="document.title=1">nothing of the catalog')
        shown = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".sd-lookup-result a"))
        assert shown.text == "search the site" and "q=%3Cimg" in (shown.get_attribute("href") or "")
        assert not driver.find_elements(By.CSS_SELECTOR, ".sd-lookup-result img") and driver.title != "1"
