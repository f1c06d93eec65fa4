"""Currencies: ISO 4217 codes, and how many minor units each has (VND has none: amounts are whole dong)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VND = "VND"
USD = "USD"

# Active ISO 4217 alphabetic codes (list of 2024), held here so that validation needs no network.
ISO_4217 = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD
    CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ
    GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
    LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW
    ZWG
    """.split()  # noqa: SIM905 (a block of codes reads better than a list of strings)
)


def normalize_currency(value: str) -> str:
    code = value.strip().upper()
    return {"Đ": VND, "ĐỒNG": VND, "DONG": VND, "VNĐ": VND, "$": USD, "US$": USD}.get(code, code)


def validate_currency(value: str) -> None:
    if not value:
        raise ValidationError(_("an amount needs its currency (e.g. VND, USD)"), code="currency_missing")
    if value not in ISO_4217:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. VND, USD, JPY)") % {"code": value},
            code="currency_unknown",
        )
