"""The delivery-report webhook as an application, with no framework: ``WebhookWSGIApp`` and
``WebhookASGIApp`` receive the provider's POSTs (every shape ``diagnose_report()`` reads), hand
each number's ``Diagnosis`` to your ``on_report``, and answer a small JSON ack. Mount either in
Flask, FastAPI or Django (the docs page "Receiving delivery reports" has a recipe for each), or
serve it alone."""

from .asgi import WebhookASGIApp
from .receiver import LOGGER, MAX_BODY, Answer
from .wsgi import WebhookWSGIApp

__all__ = ["LOGGER", "MAX_BODY", "Answer", "WebhookASGIApp", "WebhookWSGIApp"]
