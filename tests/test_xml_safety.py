"""XML is parsed safely: no external entity, external DTD or XInclude is resolved, and no entity
is expanded (billion laughs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnose import Outcome, diagnose

from .shown import everything_shown


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-CONTENT-42", encoding="utf-8")
    return path


def test_an_external_entity_to_a_local_file_is_never_resolved(secret_file: Path) -> None:
    body = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret_file}">]>'
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>&x;</MESSAGE><CODE>207</CODE></RESPONSE>"
    )
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason == "XML with a document type declaration: DTDs and entities are never processed"
    assert "TOP-SECRET-CONTENT-42" not in everything_shown(result)


def test_billion_laughs_is_refused_without_expansion() -> None:
    lol = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    body = f'<?xml version="1.0"?><!DOCTYPE r [{"".join(lol)}]><r><message>&a9;</message></r>'
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and "DTDs and entities are never processed" in (result.reason or "")
    assert "lollol" not in everything_shown(result)


def test_an_external_dtd_is_never_loaded() -> None:
    body = '<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r><type>error</type></r>'
    assert diagnose(body).outcome is Outcome.UNRECOGNISED


def test_xinclude_and_undefined_entities_are_not_expanded(secret_file: Path) -> None:
    xinclude = (
        '<RESPONSE xmlns:xi="http://www.w3.org/2001/XInclude"><TYPE>error</TYPE>'
        f'<MESSAGE><xi:include href="file://{secret_file}" parse="text"/></MESSAGE></RESPONSE>'
    )
    assert "TOP-SECRET-CONTENT-42" not in everything_shown(diagnose(xinclude))
    undefined = diagnose("<RESPONSE><TYPE>error</TYPE><MESSAGE>&x;</MESSAGE></RESPONSE>")
    assert undefined.outcome is Outcome.UNRECOGNISED and "malformed XML" in (undefined.reason or "")
