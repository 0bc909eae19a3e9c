"""The pytest plugin: an integrator's test file asks for the ``sms_fake`` fixture and gets a
fake SMS API with its base URL and in-process clients, the same answers every run, and a clock
only the test moves. Each test here runs a user's test file in pytester."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

pytest_plugins = ["pytester"]

PLUGIN = "diagnose.fake.pytest_plugin"
ROOT = Path(__file__).resolve().parent.parent

USER_TESTS = """
import pytest
from diagnose import diagnose

SEND = {"authkey": "KEY", "mobiles": "919812345678", "message": "Your order has shipped", "sender": "SOCKET",
        "route": "4", "country": "91", "DLT_TE_ID": "1107161234567890123", "response": "json"}


def test_a_send_is_accepted_with_a_request_id_from_the_seed(sms_fake):
    client = sms_fake.httpx_client()
    answer = client.get("/api/sendhttp.php", params=SEND)
    assert answer.status_code == 200 and answer.json()["type"] == "success"
    assert sms_fake.submissions[0].request_id == answer.json()["message"]
    print("REQUEST-ID", answer.json()["message"])


def test_an_error_injected_by_name(sms_fake):
    sms_fake.fail_next("IP_NOT_WHITELISTED")
    session = sms_fake.requests_session()
    answer = session.get(sms_fake.base_url + "/api/sendhttp.php", params=SEND)
    assert diagnose(answer).entry.name == "IP_NOT_WHITELISTED"
    assert diagnose(session.get(sms_fake.base_url + "/api/sendhttp.php", params=SEND)).outcome == "success"


def test_an_otp_expires_when_the_test_moves_the_clock(sms_fake):
    client = sms_fake.httpx_client(headers={"authkey": "KEY"})
    client.post("/api/v5/otp", params={"mobile": "919812345678", "otp_expiry": "5"})
    otp = sms_fake.otp_sent_to("919812345678")
    sms_fake.advance(6 * 60)
    late = client.get("/api/v5/otp/verify", params={"mobile": "919812345678", "otp": otp})
    assert diagnose(late).entry.name == "OTP_EXPIRED"


@pytest.mark.sms_fake(authkeys=["KEY"], balance=0)
def test_the_marker_gives_the_fake_its_account(sms_fake):
    client = sms_fake.httpx_client()
    assert diagnose(client.get("/api/sendhttp.php", params=SEND)).entry.name == "INSUFFICIENT_BALANCE"
    wrong = client.get("/api/sendhttp.php", params=SEND | {"authkey": "OTHER"})
    assert diagnose(wrong).entry.name == "INVALID_AUTHKEY"


def test_a_real_url_for_a_program_the_test_starts(sms_fake):
    import json, urllib.request
    base_url = sms_fake.serve()
    assert base_url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(base_url + "/api/balance.php?authkey=KEY&type=4", timeout=30) as answer:
        assert answer.read() == b"1000"
    assert len(sms_fake.requests) == 1


def test_each_test_gets_a_fresh_fake(sms_fake):
    assert sms_fake.requests == [] and sms_fake.rules == []
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", PLUGIN, "-p", "no:cacheprovider", "-s", *args)


def test_a_users_test_file_runs_with_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_service=USER_TESTS)
    result = _run(pytester)
    result.assert_outcomes(passed=6)


def test_the_same_test_gets_the_same_request_ids_every_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_service=USER_TESTS)
    runs = [_run(pytester, "-k", "seed").stdout.lines for _ in range(2)]
    ids = [[line for line in lines if "REQUEST-ID" in line] for lines in runs]
    assert ids[0] and ids[0] == ids[1]


def test_a_module_marker_sets_every_tests_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_module_marker="""
import pytest
pytestmark = pytest.mark.sms_fake(balance=7, seed=3)

def test_one(sms_fake):
    assert sms_fake.balance == 7

@pytest.mark.sms_fake(balance=2)
def test_the_nearest_marker_wins(sms_fake):
    assert sms_fake.balance == 2
"""
    )
    _run(pytester, "--strict-markers").assert_outcomes(passed=2)


def test_one_journal_holds_the_traffic_of_every_test_for_check_to_gate(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_service=USER_TESTS)
    _run(pytester, "--sms-fake-journal", "traffic.jsonl").assert_outcomes(passed=6)
    journal = pytester.path / "traffic.jsonl"
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records][:3] == [
        "1 GET /api/sendhttp.php",
        "2 GET /api/sendhttp.php",
        "3 GET /api/sendhttp.php",
    ]
    assert "KEY" not in journal.read_text(encoding="utf-8") and "919812345678" not in journal.read_text(
        encoding="utf-8"
    )
    checked = run_cli("check", str(journal))
    assert checked.status == 1  # the run's traffic holds the errors its tests provoked
    assert "418 IP_NOT_WHITELISTED" in checked.stdout and "301 INSUFFICIENT_BALANCE" in checked.stdout


def test_the_plugin_is_registered_for_pytest_to_find() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {PLUGIN: PLUGIN}


def _installed_entry_point(site: Path) -> None:
    """A distribution on ``site`` that declares the project's pytest11 entry point, as an
    installed sms-diagnose does."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / "sms_diagnose_probe-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sms-diagnose-probe\nVersion: 0\n", encoding="utf-8")
    points = "".join(f"{name} = {value}\n" for name, value in project["entry-points"]["pytest11"].items())
    (info / "entry_points.txt").write_text(f"[pytest11]\n{points}", encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("named_too", [False, True], ids=["by-entry-point", "by-entry-point-and-p"])
def test_installed_the_plugin_loads_once_whether_or_not_the_suite_names_it(tmp_path: Path, named_too: bool) -> None:
    site = tmp_path / "site"
    _installed_entry_point(site)
    (tmp_path / "test_user.py").write_text(
        "def test_uses_the_fixture(sms_fake):\n    assert sms_fake.httpx_client().get('/api/balance.php?authkey=K')"
        ".text == '1000'\n",
        encoding="utf-8",
    )
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    environment.pop("PYTEST_ADDOPTS", None)
    named = ["-p", PLUGIN] if named_too else []
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *named, "test_user.py"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
