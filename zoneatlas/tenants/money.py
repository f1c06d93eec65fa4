"""Converting amounts with the dated exchange-rate table: every converted amount names the rate it used.

``RateBook`` reads the rates once and answers for any day, so an import of 100,000 amounts asks the
database once. A day with no applicable rate raises ``MissingRateError``, whose message names the currency
and the day; nothing is ever converted with a guessed or stale rate.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from zoneatlas.tenants.currencies import USD, VND
from zoneatlas.tenants.models import ExchangeRate

CENT = Decimal("0.01")


class MissingRateError(ValueError):
    """No rate applies to a currency on a day."""

    def __init__(self, currency: str, on: dt.date) -> None:
        self.currency, self.on = currency, on
        super().__init__(
            _("no %(currency)s/VND exchange rate for %(date)s: load one with “zoneatlas import rates”")
            % {"currency": currency, "date": on.isoformat()}
        )


@dataclass(frozen=True)
class Conversion:
    """An amount in VND (whole dong) and USD, with the rates used (None where no conversion was needed)."""

    vnd: int
    usd: Decimal
    rate: ExchangeRate | None
    usd_rate: ExchangeRate | None


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(str(settings.ZONEATLAS["EXCHANGE_RATE_MAX_AGE_DAYS"])))


def to_dong(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class RateBook:
    """Every rate of the table in memory, by currency and start date."""

    def __init__(self, rates: list[ExchangeRate] | None = None) -> None:
        if rates is None:
            rates = list(ExchangeRate.objects.order_by("currency", "valid_from"))
        self._starts: dict[str, list[dt.date]] = defaultdict(list)
        self._rates: dict[str, list[ExchangeRate]] = defaultdict(list)
        for rate in sorted(rates, key=lambda r: (r.currency, r.valid_from)):
            self._starts[rate.currency].append(rate.valid_from)
            self._rates[rate.currency].append(rate)

    def rate(self, currency: str, on: dt.date) -> ExchangeRate:
        """The rate of ``currency`` that applies on ``on``: the latest one started by then and still valid."""
        index = bisect.bisect_right(self._starts.get(currency, []), on) - 1
        if index >= 0:
            rate = self._rates[currency][index]
            until = rate.valid_to if rate.valid_to is not None else rate.valid_from + max_age()
            if on <= until:
                return rate
        raise MissingRateError(currency, on)

    def convert(self, amount: Decimal, currency: str, on: dt.date) -> Conversion:
        if currency == VND:
            usd_rate = self.rate(USD, on)
            return Conversion(to_dong(amount), (amount / usd_rate.vnd_per_unit).quantize(CENT), None, usd_rate)
        rate = self.rate(currency, on)
        vnd = amount * rate.vnd_per_unit
        if currency == USD:
            return Conversion(to_dong(vnd), amount.quantize(CENT), rate, None)
        usd_rate = self.rate(USD, on)
        return Conversion(to_dong(vnd), (vnd / usd_rate.vnd_per_unit).quantize(CENT), rate, usd_rate)
