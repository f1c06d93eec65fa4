"""What an import found and did: every refused row with its line and column, the warnings, the counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Issue:
    """One finding about the file, placed where the user sees it: a line (or feature) and a column as written."""

    line: int | None
    column: str | None
    message: str
    place: str = "line"  # "line" in a table, "feature" in a GeoJSON file

    def format(self) -> str:
        where: list[str] = []
        if self.line is not None:
            where.append(
                _("feature %(n)s") % {"n": self.line} if self.place == "feature" else _("line %(n)s") % {"n": self.line}
            )
        if self.column:
            where.append(_('column "%(column)s"') % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportReport:
    """The outcome of ``import_zones``. Any error means nothing was written."""

    file_name: str
    dry_run: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    events_created: int = 0
    figures_created: int = 0
    figures_updated: int = 0
    wastewater_reports_created: int = 0
    document_code: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def format(self) -> str:
        """The report as a person reads it on a terminal: errors first, then warnings, then what changed."""
        lines: list[str] = []
        if self.errors:
            lines.append(
                ngettext(
                    "Refused: %(count)d error in %(file)s; nothing was written.",
                    "Refused: %(count)d errors in %(file)s; nothing was written.",
                    len(self.errors),
                )
                % {"count": len(self.errors), "file": self.file_name}
            )
            lines.extend(issue.format() for issue in self.errors)
        if self.warnings:
            lines.append(
                ngettext("%(count)d warning:", "%(count)d warnings:", len(self.warnings))
                % {"count": len(self.warnings)}
            )
            lines.extend(issue.format() for issue in self.warnings)
        if not self.errors:
            lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        counts = {
            "rows": self.rows,
            "file": self.file_name,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "events": self.events_created,
            "figures": self.figures_created,
            "figures_updated": self.figures_updated,
            "wwtp": self.wastewater_reports_created,
        }
        if self.dry_run:
            text = _(
                "Dry run of %(file)s (%(rows)d rows): would create %(created)d zones, update %(updated)d, "
                "leave %(unchanged)d unchanged; would record %(events)d lifecycle events, %(figures)d occupancy "
                "figures (%(figures_updated)d updated) and %(wwtp)d wastewater plant reports. Nothing was written."
            )
        else:
            text = _(
                "Imported %(file)s (%(rows)d rows): created %(created)d zones, updated %(updated)d, "
                "%(unchanged)d unchanged; recorded %(events)d lifecycle events, %(figures)d occupancy figures "
                "(%(figures_updated)d updated) and %(wwtp)d wastewater plant reports."
            )
        text %= counts
        if self.document_code and not self.dry_run:
            text += " " + _("Source: %(code)s.") % {"code": self.document_code}
        return text
