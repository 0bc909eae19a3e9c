"""The commands, by name: each is one module of this package whose ``run(args)`` returns the
exit status. The parser knows a command by its name and sets the module that runs it as the
``handler`` of its options; ``main`` imports that module only when the command runs."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HANDLERS = {
    "explain": "diagnose.cli.commands.explain",
    "parse": "diagnose.cli.commands.parse",
    "check": "diagnose.cli.commands.check",
    "preflight": "diagnose.cli.commands.preflight",
    "report": "diagnose.cli.commands.report",
    "trace": "diagnose.cli.commands.trace",
    "list": "diagnose.cli.commands.listing",
    "export": "diagnose.cli.commands.export",
    "validate": "diagnose.cli.commands.validate",
    "fake": "diagnose.cli.commands.fake",
}
"""Every command's name, in the order ``--help`` lists them, and the module that runs it."""


def run(args: Any) -> int:
    """Run the command ``args.handler`` names (a module of HANDLERS) with its options ``args``."""
    module = __import__(args.handler, fromlist=["run"])  # importlib.import_module, without importlib
    status: int = module.run(args)
    return status
