"""Every exception the package raises is importable from ``diagnose``, and each code's
explanation (``explain`` and its page) names the class ``raise_for_error()`` raises for it."""

from __future__ import annotations

import diagnose
from diagnose import diagnose as diagnose_body
from diagnose import diagnose_report, entries
from diagnose.catalog.explanation import raised_for
from diagnose.exceptions import SmsApiError, _subclasses, error_for
from diagnose.vocabulary import Outcome
from tests.cli_runner import run_cli


def test_every_exception_class_is_importable_from_diagnose() -> None:
    for cls in [SmsApiError, *_subclasses(SmsApiError)]:
        assert getattr(diagnose, cls.__name__) is cls
        assert cls.__name__ in diagnose.__all__


def test_the_class_an_explanation_names_is_the_class_raised_for_its_examples() -> None:
    checked = 0
    for entry in entries():
        for example in entry.examples:
            body = example.body
            found = diagnose_report(body) if entry.phase in ("delivery", "reason") else [diagnose_body(body)]
            for diagnosis in found:
                if diagnosis.outcome is not Outcome.ERROR or (diagnosis.failure or diagnosis.entry) is not entry:
                    continue
                assert type(error_for(diagnosis)).__name__ == raised_for(entry), entry.name
                checked += 1
    assert checked > 80


def test_explain_names_the_class_and_nothing_for_a_delivered_message() -> None:
    shown = run_cli("explain", "418").stdout
    assert "raises: IpSecurityError (from diagnose import IpSecurityError)" in " ".join(shown.split())
    delivered = next(entry for entry in entries() if entry.outcome is Outcome.SUCCESS and entry.phase == "delivery")
    assert "raises:" not in run_cli("explain", delivered.name).stdout
