"""Hooks for the HTTP clients users already have: each module imports its library only when it
is used, and raises the ``SmsApiError`` of an answer that is not a success."""
