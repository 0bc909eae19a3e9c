"""The check command: files, folders and logs of responses in, a verdict and CI reports out.

``inputs`` expands paths and reads each file or log line into items; ``run`` diagnoses them in
parallel and keeps the tally; ``policy`` decides which diagnoses fail the check; ``reports``
writes what CI systems read (human, JSON, JUnit XML, GitHub annotations).
"""
