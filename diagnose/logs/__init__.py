"""Logs and recorded inputs: files, folders, JSON Lines logs and standard input in; items out.

``reader`` plans the input as units and reads each file or log line into items (a response's
diagnosis, one per number of a delivery report, or the findings of a recorded send request,
with the record's id and time); ``findings`` reads a recorded send request by the pre-flight
rules. check, trace, preflight and ``diagnose.batch`` read their inputs here.
"""
