"""Before sending: a request in, the catalog entries the provider would answer for it out.

``request`` reads a request in any form and names its send API; ``checks`` holds what each kind
of rule checks; ``rules`` applies the catalog's rules (``preflight:`` of each entry) to a request;
``finding`` is what it finds.
"""

from .finding import Finding, Findings
from .request import UnrecognisedRequest
from .rules import FINDINGS_PER_RULE, preflight

__all__ = ["FINDINGS_PER_RULE", "Finding", "Findings", "UnrecognisedRequest", "preflight"]
