"""The sms-diagnose command: arguments in, text or JSON and an exit status out.

``main`` is the entry point; ``parser`` reads the command line; ``commands`` holds one module
per command, found by its name (``commands.HANDLERS``); ``errors`` are the exit statuses and
the one-line errors, ``options`` the options several commands read alike, ``output`` where
they write, ``render`` the terminal's tables. Everything shown passes through
``diagnose.redaction`` first.
"""
