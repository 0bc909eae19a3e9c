"""The check run: the items of files, folders and logs in (read by ``diagnose.logs``), a
verdict and CI reports out.

``run`` reads the inputs' units in parallel and keeps the tally; ``policy`` decides which
diagnoses fail the run; ``reports`` writes what CI systems read (human, JSON, JUnit XML, GitHub
annotations).
"""
