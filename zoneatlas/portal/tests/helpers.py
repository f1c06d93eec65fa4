"""Reading the pages the way a test needs: which zones a results table lists."""

import re

ROW_CODE = re.compile(r'<tr>\s*<td><a href="/zones/([A-Z]+-\d+-\d+)/">')


def listed_codes(html: str) -> list[str]:
    """The zone codes of the results table, in the order shown."""
    return ROW_CODE.findall(html)
