"""Vietnamese tax codes (mã số thuế): the check digit of an enterprise code, branch suffixes, personal codes.

An enterprise code has ten digits, the tenth a check digit over the first nine (weights 31, 29, 23, 19,
17, 13, 7, 5, 3; check = 10 − Σ mod 11, and a result of 10 is never issued). A dependent unit (branch)
adds "-" and three digits (001–999). Since 1 July 2025 an individual's tax code is their 12-digit
personal identification number, which has no check digit to verify.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_ENTERPRISE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_PERSONAL = re.compile(r"^\d{12}$")


def check_digit(first_nine: str) -> int | None:
    """The tenth digit that makes an enterprise code valid, or None when no valid code starts so."""
    digit = 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    return None if digit == 10 else digit


def normalize(text: str) -> str:
    """The code as it is stored: digits and the branch hyphen, without spaces or dots people type."""
    return re.sub(r"[\s.]", "", text).replace("–", "-")


def validate_tax_code(value: str) -> None:
    """Raise ValidationError naming what is wrong with a tax code."""
    code = normalize(value)
    if _PERSONAL.match(code):
        return
    match = _ENTERPRISE.match(code)
    if not match:
        raise ValidationError(
            _(
                "“%(code)s” is not a tax code: give 10 digits, 10 digits-3 digits for a branch, "
                "or a 12-digit personal ID"
            )
            % {"code": value},
            code="tax_code_format",
        )
    digits, branch = match.groups()
    expected = check_digit(digits[:9])
    if expected is None or int(digits[9]) != expected:
        raise ValidationError(
            _("tax code “%(code)s” fails its check digit (the tenth digit should be %(digit)s)")
            % {"code": value, "digit": "–" if expected is None else expected},
            code="tax_code_check_digit",
        )
    if branch == "000":
        raise ValidationError(
            _("branch number 000 is never issued (“%(code)s”)") % {"code": value}, code="tax_code_branch"
        )
