"""The recipes of docs/webhooks.md, each run as written with its real framework (Flask,
FastAPI, Django) and posted the provider's delivery reports; and the page built into the site,
with the webhook apps in the API reference."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from diagnose import Diagnosis

from .site_server import build_site

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "webhooks.md"
FORM = "application/x-www-form-urlencoded"
REQUEST_ID = "546b384ce51f8f1e1e8b4567"
V2 = json.dumps(
    [
        {
            "requestId": REQUEST_ID,
            "report": [
                {"number": "919812345678", "status": "1", "desc": "DELIVERED"},
                {"number": "919812340001", "status": "2", "desc": "FAILED", "failedReason": "Absent subscriber"},
            ],
        }
    ]
)
FORM_BODY = "data=" + quote(V2)
NEW_WEBHOOK = json.dumps(
    {"requestId": REQUEST_ID, "telNum": json.dumps(["919812345601", "919812345602"]), "status": "2"}
)


def _recipes() -> dict[str, str]:
    """The page's Python block under each ``## `` heading, by the heading."""
    found: dict[str, str] = {}
    for section in re.split(r"^## ", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        heading = section.split("\n", 1)[0].strip()
        blocks = re.findall(r"^```python\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
        if blocks:
            (found[heading],) = blocks
    return found


RECIPES = _recipes()


def _run(heading: str, module_name: str) -> ModuleType:
    """The recipe under ``heading``, run as the module ``module_name`` (importable, as a
    framework's settings may name it)."""
    module = ModuleType(module_name)
    module.__file__ = str(PAGE)
    sys.modules[module_name] = module
    exec(compile(RECIPES[heading], f"{PAGE}#{heading}", "exec"), module.__dict__)
    return module


def _numbers(received: list[Diagnosis]) -> list[str | None]:
    return [d.number for d in received]


def test_the_page_has_a_recipe_for_each_framework_and_is_in_the_navigation() -> None:
    assert set(RECIPES) == {"Flask", "FastAPI", "Django", "Alone"}
    assert "webhooks.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_flask_recipe() -> None:
    recipe = _run("Flask", "webhook_recipe_flask")
    client = recipe.app.test_client()
    answer = client.post("/delivery-reports", data=FORM_BODY, content_type=FORM)
    assert (answer.status_code, answer.get_json()) == (200, {"reports": 2})
    answer = client.post("/delivery-reports", data=NEW_WEBHOOK, content_type="application/json")
    assert (answer.status_code, answer.get_json()) == (200, {"reports": 2})
    assert _numbers(recipe.received) == ["919812345678", "919812340001", "919812345601", "919812345602"]
    assert recipe.received[1].failure is not None and recipe.received[1].failure.name == "REASON_ABSENT_SUBSCRIBER"
    assert client.get("/delivery-reports").status_code == 405
    assert client.post("/delivery-reports", data=b"\xff\xfe" * 10, content_type=FORM).status_code == 400
    assert client.post("/delivery-reports", data=b"x" * ((1 << 20) + 1)).status_code == 413
    assert len(recipe.received) == 5, "the body that holds no report is handed on too"


def test_the_fastapi_recipe() -> None:
    recipe = _run("FastAPI", "webhook_recipe_fastapi")

    async def post() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=recipe.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [
                await client.post("/delivery-reports/", content=FORM_BODY, headers={"Content-Type": FORM}),
                await client.post(
                    "/delivery-reports/", content=NEW_WEBHOOK, headers={"Content-Type": "application/json"}
                ),
                await client.post("/delivery-reports", content=NEW_WEBHOOK),
                await client.get("/delivery-reports/"),
            ]

    form, new, without_slash, get = asyncio.run(post())
    assert (form.status_code, form.json()) == (200, {"reports": 2})
    assert (new.status_code, new.json()) == (200, {"reports": 2})
    assert without_slash.status_code == 307, "the page says the URL ends with a slash"
    assert get.status_code == 405
    assert _numbers(recipe.received) == ["919812345678", "919812340001", "919812345601", "919812345602"]


def _django_settings(urlconf: str) -> None:
    import django  # type: ignore[import-untyped]
    from django.conf import settings  # type: ignore[import-untyped]

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="tests-only",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF=urlconf,
            MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
            INSTALLED_APPS=[],
        )
        django.setup()


def test_the_django_recipe() -> None:
    recipe = _run("Django", "webhook_recipe_django")
    _django_settings("webhook_recipe_django")
    from django.test import Client  # type: ignore[import-untyped]

    client = Client(enforce_csrf_checks=True)  # the provider sends no CSRF token
    answer = client.post("/delivery-reports", data=FORM_BODY, content_type=FORM)
    assert (answer.status_code, json.loads(answer.content)) == (200, {"reports": 2})
    answer = client.post("/delivery-reports", data=NEW_WEBHOOK, content_type="application/json")
    assert (answer.status_code, json.loads(answer.content)) == (200, {"reports": 2})
    assert answer["Content-Type"] == "application/json"
    assert _numbers(recipe.received) == ["919812345678", "919812340001", "919812345601", "919812345602"]
    assert client.get("/delivery-reports").status_code == 405
    assert client.post("/delivery-reports", data="x" * ((1 << 20) + 1), content_type=FORM).status_code == 413


def test_the_recipe_without_a_framework(capsys: pytest.CaptureFixture[str]) -> None:
    recipe = _run("Alone", "webhook_recipe_alone")
    started: list[str] = []
    body = NEW_WEBHOOK.encode()
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
    }
    answer = b"".join(recipe.app(environ, lambda status, headers: started.append(status)))
    assert (started, json.loads(answer)) == (["200 OK"], {"reports": 2})
    printed = capsys.readouterr().out
    assert "********5601" in printed and "********5602" in printed and "919812345601" not in printed


@pytest.mark.slow
def test_the_page_and_the_api_reference_are_built(tmp_path: Path) -> None:
    built = build_site(tmp_path)
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    page = _text(tmp_path / "webhooks" / "index.html")
    assert "DispatcherMiddleware" in page and "app.mount(" in page and "@csrf_exempt" in page
    api = _text(tmp_path / "api" / "index.html")
    assert "WebhookWSGIApp" in api and "WebhookASGIApp" in api


def _text(html: Path) -> str:
    """A built page's text, its tags (the code's highlighting) removed."""
    return re.sub(r"<[^>]*>", "", html.read_text(encoding="utf-8"))
