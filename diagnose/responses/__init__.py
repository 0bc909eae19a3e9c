"""Answers to API calls: a raw response in, one Diagnosis out.

``decode`` turns any input (bytes, str, a response object) into text, with the one size limit;
``read`` (and ``fast_read``, its shortcut for the commonest shapes) turns text into a neutral
reading of fields, format and body kind, knowing nothing of the catalog: a delivery report is
one kind, found by the reader of reports, ``report_records`` (which ``delivery`` uses too);
``wire`` holds the field names and the field-text rule both readers use. ``interpret`` alone
decides what a reading means by the catalog, whichever reader read it; ``pipeline`` joins the
steps as ``diagnose()``.
"""
