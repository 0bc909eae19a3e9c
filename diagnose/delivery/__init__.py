"""Delivery reports: a webhook body in, one Diagnosis per reported number out.

``responses.report_records`` reads the report shapes the provider sends into flat records (no
catalog knowledge); ``reports`` looks each record's status up in the catalog as ``diagnose_report()``.
"""
