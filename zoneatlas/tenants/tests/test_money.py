import datetime as dt
from decimal import Decimal

import pytest

from zoneatlas.tenants.models import ExchangeRate
from zoneatlas.tenants.money import MissingRateError, RateBook


@pytest.fixture
def rates(db):
    return [
        ExchangeRate.objects.create(
            currency="USD",
            valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2024, 12, 31),
            vnd_per_unit=24867,
            source="t",
        ),
        ExchangeRate.objects.create(currency="USD", valid_from=dt.date(2025, 3, 3), vnd_per_unit=25500, source="t"),
        ExchangeRate.objects.create(currency="EUR", valid_from=dt.date(2024, 6, 1), vnd_per_unit=27000, source="t"),
    ]


def test_a_vnd_amount_converts_to_usd_with_the_rate_of_its_day(rates):
    conversion = RateBook().convert(Decimal("1400000000000"), "VND", dt.date(2024, 6, 30))
    assert conversion.vnd == 1_400_000_000_000
    # 1,400,000,000,000 / 24,867 = 56,299,513.411...
    assert conversion.usd == Decimal("56299513.41")
    assert conversion.rate is None
    assert conversion.usd_rate == rates[0]


def test_a_usd_amount_converts_to_whole_dong(rates):
    conversion = RateBook().convert(Decimal("20000000.50"), "USD", dt.date(2024, 2, 1))
    assert conversion.vnd == 497_340_012_434  # 20,000,000.50 × 24,867 = 497,340,012,433.5 → rounded half up
    assert conversion.usd == Decimal("20000000.50")
    assert conversion.rate == rates[0]
    assert conversion.usd_rate is None


def test_another_currency_goes_through_vnd_to_usd(rates):
    conversion = RateBook().convert(Decimal("1000"), "EUR", dt.date(2024, 6, 15))
    assert conversion.vnd == 27_000_000
    assert conversion.usd == Decimal("1085.78")  # 27,000,000 / 24,867 = 1,085.776...
    assert (conversion.rate, conversion.usd_rate) == (rates[2], rates[0])


def test_an_open_ended_rate_holds_for_the_maximum_age_only(rates):
    book = RateBook()
    assert book.rate("USD", dt.date(2025, 4, 3)) == rates[1]  # 31 days after 3 March
    with pytest.raises(MissingRateError) as error:
        book.rate("USD", dt.date(2025, 4, 4))
    assert str(error.value) == ("no USD/VND exchange rate for 2025-04-04: load one with “zoneatlas import rates”")


def test_the_maximum_age_is_a_setting(rates, settings):
    settings.ZONEATLAS = {**settings.ZONEATLAS, "EXCHANGE_RATE_MAX_AGE_DAYS": 60}
    assert RateBook().rate("USD", dt.date(2025, 5, 1)) == rates[1]


def test_a_day_between_rates_with_an_end_date_has_no_rate(rates):
    with pytest.raises(MissingRateError) as error:
        RateBook().rate("USD", dt.date(2025, 1, 15))
    assert (error.value.currency, error.value.on) == ("USD", dt.date(2025, 1, 15))


def test_a_day_before_any_rate_has_none(rates):
    with pytest.raises(MissingRateError):
        RateBook().convert(Decimal(1), "VND", dt.date(2023, 12, 31))
