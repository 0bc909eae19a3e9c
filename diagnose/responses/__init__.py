"""Answers to API calls: a raw response in, one Diagnosis out.

``decode`` turns any input (bytes, str, a response object) into text, with the one size limit;
``read`` (and ``fast_read``, its shortcut for the commonest shapes) turns text into a neutral
reading of fields, format and body kind, knowing nothing of the catalog; ``interpret`` alone
decides what a reading means by the catalog (and asks ``delivery.shapes`` whether a body the
shortcut did not read is a delivery report); ``pipeline`` joins the steps as ``diagnose()``.
"""
