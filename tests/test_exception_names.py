"""The exceptions of an answer that never came from the provider have names that say which case
they are (issue 26, part 3): ``GatewayError`` for a gateway's failure page or status,
``NetworkFailureError`` for a network failure, both ``NoProviderAnswerError``, and none is named
as a class of httpx, requests or Python is; ``TransportError``, the name httpx gives the opposite
case, still imports, with a deprecation warning."""

from __future__ import annotations

import builtins
import warnings

import httpx
import pytest
import requests

import diagnose
import diagnose.exceptions
from diagnose import GatewayError, NetworkFailureError, NoProviderAnswerError, SmsApiError, entries, raise_for_error
from diagnose.catalog.model import load_catalog
from tests.cli_runner import run_cli

from .docs_hook import load_hook
from .local_api import StubResponse


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_network_failure_raises_network_error_caused_by_the_clients_exception() -> None:
    for failure in (httpx.ConnectError("refused"), requests.exceptions.ReadTimeout("timed out")):
        with pytest.raises(NetworkFailureError) as caught:
            raise_for_error(failure)
        assert caught.value.__cause__ is failure
        assert isinstance(caught.value, NoProviderAnswerError) and isinstance(caught.value, SmsApiError)
        assert not isinstance(caught.value, GatewayError)


def test_a_gateway_page_or_status_raises_gateway_error() -> None:
    for answer in (StubResponse("<html><body>502 Bad Gateway</body></html>", 502), StubResponse("", 503)):
        with pytest.raises(GatewayError) as caught:
            raise_for_error(answer)
        assert isinstance(caught.value, NoProviderAnswerError) and not isinstance(caught.value, NetworkFailureError)
        assert caught.value.name.startswith("TRANSPORT_")


def test_no_exception_of_the_package_is_named_as_one_of_httpx() -> None:
    ours = {cls.__name__ for cls in diagnose.exceptions._subclasses(SmsApiError)}
    for module in (httpx, requests.exceptions, builtins):
        theirs = {name for name in dir(module) if isinstance(getattr(module, name), type)}
        assert ours & theirs == set(), f"{module.__name__} names another class so"


def test_transport_error_still_imports_with_a_warning_and_catches_both() -> None:
    with pytest.warns(DeprecationWarning, match="GatewayError.*NetworkFailureError"):
        from diagnose.exceptions import TransportError
    assert TransportError is NoProviderAnswerError
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert diagnose.TransportError is NoProviderAnswerError
    with pytest.raises(TransportError):
        raise_for_error(httpx.ConnectTimeout("timed out"))
    with pytest.raises(TransportError):
        raise_for_error(StubResponse("", 500))
    assert "TransportError" not in diagnose.__all__ and "TransportError" not in diagnose.exceptions.__all__


def test_the_new_names_import_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from diagnose import GatewayError as Gateway
        from diagnose import NetworkFailureError as Network

    assert {Gateway.__name__, Network.__name__} <= set(diagnose.__all__)


def test_explain_and_the_code_pages_name_the_class_of_each_transport_entry() -> None:
    catalog = load_catalog()
    hook = load_hook()
    transport = [entry for entry in entries() if entry.when is not None]
    assert {entry.when.network is not None for entry in transport if entry.when} == {True, False}
    for entry in transport:
        name = "NetworkFailureError" if entry.when and entry.when.network else "GatewayError"
        assert f"raises: {name} (from diagnose import {name})" in _flat(run_cli("explain", entry.name).stdout)
        assert f"{name} (from diagnose import {name})" in hook.entry_page(catalog, entry), entry.name
