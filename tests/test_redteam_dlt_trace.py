"""Red-team inputs against the DLT template check, trace's compact join and problem details:
each test is an input that broke (or nearly broke) one of their promises."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from diagnose import preflight
from diagnose.check.policy import Policy
from diagnose.journeys import held as held_module
from diagnose.journeys.run import run_trace
from diagnose.logs.units import InputError
from diagnose.outgoing import dlt
from diagnose.outgoing.templates import read_templates

POLICY = Policy.build("error", [], False, False)
NOW = 1_764_164_800.0


def _no_template_id(text: str) -> dict[str, object]:
    return {"sender": "SHOPIN", "route": "4", "country": "91", "sms": [{"message": text, "to": ["919812345678"]}]}


def test_the_lenient_reading_reads_a_text_once_whatever_the_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request without DLT_TE_ID is matched against every template (to say which was meant):
    the lenient reading dropped spaces and full stops from the whole text once per template,
    templates x text characters of Python work (1,000 templates and an 8,000-character text:
    half a second a request)."""
    templates = read_templates(
        "\n".join(["Template ID,Content", *(f"{1000 + n},Hello {n} {{#var#}} there" for n in range(200))])
    )
    text = "Hello " + "a b." * 1_000
    read: list[int] = []
    normal = dlt._normal

    def counted(value: str, lenient: bool) -> dlt.Normal:
        read.append(len(value))
        return normal(value, lenient)

    monkeypatch.setattr(dlt, "_normal", counted)
    dlt.compiled.cache_clear()
    dlt._text_normal.cache_clear()
    findings = preflight(_no_template_id(text), templates=templates, dlt_match="lenient")
    assert findings  # DLT_TE_ID is missing
    exported = sum(len(template.content) for template in templates.templates)
    assert sum(read) <= 2 * (len(text) + exported)


@pytest.mark.parametrize(
    ("content", "value", "text", "parts_at"),
    [
        # an opt-out line added after the template's end: the text parts after 'call us'
        ("Your order {#var#} is ready, call us", "12", "Your order 12 is ready, call us at +91 98765 43210", 31),
        # the template's last full stop left out: the text parts where it ends
        ("{#var#} is your login code. Do not share it.", "123456", "123456 is your login code. Do not share it", 42),
    ],
)
def test_a_text_that_goes_on_or_stops_short_parts_where_the_template_ends(
    content: str, value: str, text: str, parts_at: int
) -> None:
    """The last piece was compared from the end only: a text that goes on past the template's
    end, or stops short of its last full stop, was said to part at its last character."""
    found = dlt.match(content, text)
    assert found.mismatch is not None and found.mismatch.text_at == parts_at
    assert found.mismatch.template_at in (len(content), len(content) - 1)
    plain = dlt.match(content.replace("{#var#}", value), text)
    assert plain.mismatch is not None and plain.mismatch.text_at == parts_at  # as without a slot


def _answer(request_id: str) -> str:
    return json.dumps({"id": "m1", "body": json.dumps({"type": "success", "message": request_id})}) + "\n"


def _report(request_id: str, number: str, status: str) -> str:
    return json.dumps({"requestId": request_id, "number": number, "status": status, "desc": "FAILED"}) + "\n"


def test_a_report_rewritten_for_another_number_while_traced_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports are read again when a message is told: a log rewritten in between (the same
    request id, another number of the same length) is said to have changed, never a traceback."""
    request_id = "3763646c3058373530393832"
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(_answer(request_id))
    reports.write_text(_report(request_id, "919812345678", "2") + _report(request_id, "919812345679", "2"))
    waiting = held_module.Held.waiting

    def rewritten(self: held_module.Held, index: int, inputs: object) -> object:
        reports.write_text(_report(request_id, "919812340000", "2") + _report(request_id, "919812345679", "2"))
        return waiting(self, index, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(held_module.Held, "waiting", rewritten)
    with pytest.raises(InputError, match="changed while it was traced"):
        run_trace(str(requests), str(reports), POLICY, io.StringIO(), now=NOW)


def test_the_only_report_rewritten_for_another_number_while_traced_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message's one report, rewritten for another number between the join and its telling:
    told of the number read before, not of the one the log holds now."""
    request_id = "3763646c3058373530393832"
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(_answer(request_id))
    reports.write_text(_report(request_id, "919812345678", "2"))
    waiting = held_module.Held.waiting

    def rewritten(self: held_module.Held, index: int, inputs: object) -> object:
        reports.write_text(_report(request_id, "919812340000", "2"))
        return waiting(self, index, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(held_module.Held, "waiting", rewritten)
    with pytest.raises(InputError, match="changed while it was traced"):
        run_trace(str(requests), str(reports), POLICY, io.StringIO(), now=NOW)


@pytest.mark.parametrize(
    "export",
    [
        '[{"templateId": "1107", "templateContent": "Hi {#var#}", "templateName": "hi", "senderIds": ["SHOPIN"]}]',
        "DLTTemplateID,TemplateContent,TemplateName,SenderIDs\n1107,Hi {#var#},hi,SHOPIN\n",
    ],
)
def test_names_written_in_camel_case_are_read_as_their_words(export: str) -> None:
    """``templateId`` was read as ``template id`` (``templateid`` is a spelling) but
    ``templateContent`` was not read at all: the export was refused for want of a content."""
    templates = read_templates(export)
    template = templates.get("1107")
    assert template is not None
    assert (template.content, template.name, template.headers) == ("Hi {#var#}", "hi", ("SHOPIN",))


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"dlt_match": "bogus"}, ValueError),
        ({"dlt_match": None}, ValueError),
        ({"dlt_variable_length": "30"}, TypeError),
        ({"dlt_variable_length": 7}, ValueError),
    ],
)
def test_a_wrong_dlt_argument_is_refused_without_templates_too(given: dict[str, object], error: type) -> None:
    """The command refuses --dlt-match without --templates; the function took any value of
    ``dlt_match`` or ``dlt_variable_length`` without a word when no templates were given."""
    with pytest.raises(error):
        preflight(_no_template_id("hi"), **given)  # type: ignore[arg-type]


def test_a_file_of_many_reports_read_whole_is_read_again_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports in one JSON file (not JSON Lines) are one place: each message told read the whole
    file again, so 1,000 reports took 25 s, 2,000 took 100 s (the join of whole records: 0.3 s)."""
    from diagnose.journeys import places

    ids = [f"{0x3763646C3058373530390000 + n:024x}" for n in range(200)]
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.json"
    requests.write_text("".join(_answer(request_id) for request_id in ids))
    reports.write_text(
        json.dumps(
            [
                {"requestId": request_id, "report": [{"number": f"91981230{n:04d}", "status": "2", "desc": "FAILED"}]}
                for n, request_id in enumerate(ids)
            ],
            indent=1,
        )
    )
    opened: list[str] = []
    open_input = places.open_input

    def counted(path: Path) -> object:
        opened.append(path.name)
        return open_input(path)

    monkeypatch.setattr(places, "open_input", counted)
    out = io.StringIO()
    run_trace(str(requests), str(reports), POLICY, out, now=NOW)
    assert "traced 200 messages: 0 rejected, 0 delivered, 200 failed" in out.getvalue()
    assert opened.count("reports.json") <= 2
