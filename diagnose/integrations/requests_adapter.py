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
    flow template's text, for the variable checks; the other arguments are HTTPAdapter's."""

    def __init__(self, *args: Any, template: str | None = None, now: Any = None, **kwargs: Any) -> None:
        self.guard = Guard(template=template, now=now)
        super().__init__(*args, **kwargs)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.guard.check(request)
        return super().send(request, *args, **kwargs)
