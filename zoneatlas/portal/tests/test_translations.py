"""The Vietnamese translation is complete and compiled: every msgid has a msgstr, and the .mo says the same."""

import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid (?P<id>(?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r"(?:msgstr (?P<str>(?:\".*\"\n?)+)|msgstr\[0\] (?P<str0>(?:\".*\"\n?)+))",
    re.MULTILINE,
)


def _text(quoted: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted)).encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_entries() -> dict[str, str]:
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for match in ENTRY.finditer(source):
        msgid = _text(match["id"])
        if msgid:
            entries[msgid] = _text(match["str"] or match["str0"])
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = po_entries()

    assert len(entries) > 500
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)

    stale = {
        msgid: msgstr
        for msgid, msgstr in po_entries().items()
        if catalogue.gettext(msgid) != msgstr and catalogue.ngettext(msgid, "", 1) != msgstr
    }
    assert stale == {}
