"""The sms-diagnose command: arguments in, text or JSON and an exit status out.

``main`` parses the command line and runs each command; ``render`` lays out diagnoses and
tables for a terminal. Everything shown passes through ``diagnose.redaction`` first.
"""
