"""Recorded inputs: files, folders, JSON Lines logs and standard input in; items out.

``units`` plans the paths as units one process reads (a log split at line starts, files in
batches, standard input, read in this one place); ``reader`` reads a unit into items (a
response's diagnosis, one per number of a delivery report, or one per finding of a recorded send
request, with the record's id and time); ``findings`` reads a recorded send request by the
pre-flight rules. check, preflight, trace, parse, report and ``diagnose.batch`` read here.
"""
