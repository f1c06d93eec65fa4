"""The demo's reporting: the Circular 14 forms and the reports expected for the demo half year."""

from __future__ import annotations

from zoneatlas.reporting.definitions import load_definitions
from zoneatlas.reporting.expected import ExpectOutcome, expect

DEMO_PERIOD = "2026-H1"


def load_reporting_demo() -> ExpectOutcome:
    """Load the form definitions and derive who must report for 2026-H1 from the demo registry (idempotent)."""
    load_definitions()
    return expect(DEMO_PERIOD)
