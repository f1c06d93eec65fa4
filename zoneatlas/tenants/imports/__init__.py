"""Importing projects, leases and exchange rates (CSV or XLSX; English or Vietnamese headers), all or nothing.

Each import checks every row first and reports every problem with its line and column; one error and nothing
is written. A clean file is written in one transaction, citing the file as its source document, and every
record written leaves its history record. ``templates`` writes an XLSX file for each kind, ready to fill in.
"""

from zoneatlas.tenants.imports.leases import import_leases
from zoneatlas.tenants.imports.projects import import_projects
from zoneatlas.tenants.imports.rates import import_rates

__all__ = ["import_leases", "import_projects", "import_rates"]
