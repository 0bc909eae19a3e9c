"""``PreflightAdapter``: a ``requests`` transport adapter that refuses to send a request a
pre-flight rule finds wrong, raising the ``SmsApiError`` the provider's answer would raise.

``session.mount("https://api.msg91.com/", PreflightAdapter())``. This module imports
``requests``; ``diagnose.integrations.requests`` names it without importing it.
"""

from __future__ import annotations

from typing import Any

from requests.adapters import HTTPAdapter

from .preflight_guard import Guard


class PreflightAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose ``send`` checks the prepared request first. ``template`` is the
    flow template's text, for the variable checks. ``inner`` is the adapter that sends what
    passes, where the session had one of its own to keep (the fake's, ``sms_fake.adapter()``, in
    a test: mounted alone, this adapter would send to the real API); without it, this adapter
    sends as an ``HTTPAdapter``, whose other arguments it takes."""

    def __init__(
        self, *args: Any, template: str | None = None, now: Any = None, inner: Any = None, **kwargs: Any
    ) -> None:
        if inner is not None and not callable(getattr(inner, "send", None)):
            raise TypeError(f"inner must be a requests transport adapter, not {type(inner).__name__}")
        self.guard = Guard(template=template, now=now)
        self.inner = inner
        super().__init__(*args, **kwargs)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.guard.check(request)
        if self.inner is not None:
            return self.inner.send(request, *args, **kwargs)
        return super().send(request, *args, **kwargs)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
        super().close()
