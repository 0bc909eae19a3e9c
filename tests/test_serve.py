"""`make serve`: MkDocs' dev server builds the site and answers, and the site_url check still holds for builds."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from diagnose import load_catalog, lookup

from .docs_hook import load_hook
from .site_server import ROOT

pytestmark = pytest.mark.slow
TIMEOUT = 300.0
"""A hang guard, not a speed limit: the site builds in seconds; as long as the build in site_server.py."""


def _serve_command(port: int) -> list[str]:
    """The Makefile's serve recipe, run from this interpreter's venv, on ``port``."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^serve:.*\n\t(.+)$", makefile, re.MULTILINE)
    assert found, "the Makefile has a serve target"
    recipe = shlex.split(found.group(1))
    assert recipe[:4] == ["$(BIN)/mkdocs", "serve", "--dev-addr", "127.0.0.1:8000"], recipe
    return [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *recipe[4:]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def test_make_serve_serves_the_generated_pages(tmp_path: Path) -> None:
    entry = lookup("418")
    assert entry is not None
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{entry.docs_path}"
    log_path = tmp_path / "serve.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            _serve_command(port),
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole below
        )
        try:
            html = None
            while html is None and time.monotonic() - started < TIMEOUT:
                if server.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(url, timeout=5) as answer:
                        assert answer.status == 200
                        html = answer.read().decode("utf-8")
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.25)
            exited = server.poll()
        finally:
            _stop(server)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert exited is None, f"mkdocs serve exited with {exited}:\n{output}"
    assert html is not None, f"no answer from {url} within {TIMEOUT:.0f} s:\n{output}"
    assert f"418 \u00b7 {entry.title}" in html
    assert f"sms-diagnose explain {entry.key}" in html
    assert "BuildError" not in output and "ERROR" not in output, output


# The hook's site_url check, as each command meets it.


def _config(site_url: str | None, dev_addr: str = "127.0.0.1:8000") -> object:
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "sms-diagnose", "site_url": site_url, "dev_addr": dev_addr})
    assert config.validate() == ([], [])
    return config


@pytest.mark.parametrize("command", ["build", "gh-deploy", None])
def test_a_build_keeps_docs_url_and_refuses_another_site_url(command: str | None) -> None:
    from mkdocs.exceptions import PluginError

    hook = load_hook("pages_serve")
    if command:
        hook.on_startup(command=command, dirty=False)
    docs_url = load_catalog().docs_url
    for site_url in (None, docs_url):
        config = _config(site_url)
        assert hook.on_config(config).site_url == docs_url
    for site_url in ("https://example.org/", "http://127.0.0.1:8000/"):
        with pytest.raises(PluginError, match=f"site_url {site_url} differs from docs_url {docs_url}"):
            hook.on_config(_config(site_url))


def test_serve_keeps_its_own_address_and_nothing_else() -> None:
    from mkdocs.exceptions import PluginError

    hook = load_hook("pages_serve")
    hook.on_startup(command="serve", dirty=False)
    config = _config("http://127.0.0.1:8123/", dev_addr="127.0.0.1:8123")
    assert hook.on_config(config).site_url == "http://127.0.0.1:8123/"
    for site_url in ("http://127.0.0.1:8000/", "http://127.0.0.1:8123/docs/", "https://example.org/"):
        with pytest.raises(PluginError, match="differs from docs_url"):
            hook.on_config(_config(site_url, dev_addr="127.0.0.1:8123"))
