"""Numbers, amounts, percentages and plurals as each interface language writes them, by CLDR's rules
(through Babel): ``2 950 €`` with a narrow no-break space and ``€2,950``; ``1 métier``, ``0 métier`` (French
counts 0 as singular), ``0 roles``. No hand-written ``(s)``."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"fr": "fr_FR", "en": "en"}  # CLDR locales of the interface languages


def locale(lang: str) -> Locale:
    """The CLDR locale of an interface language (French when unknown)."""
    return Locale.parse(LOCALES.get(lang, "fr_FR"))


def number(value: Decimal | float | int, lang: str) -> str:
    """A number as the language writes it: ``2 950`` in French, ``2,950`` in English; decimals only when
    there are any."""
    return format_decimal(Decimal(str(value)), locale=locale(lang))


def percent(share: float, lang: str) -> str:
    """A share (0..1) as a whole percentage: ``50 %`` (no-break space) in French, ``50%`` in English."""
    return format_percent(share, locale=locale(lang))


def money(value: Decimal | float | int, currency: str | None, lang: str) -> str:
    """An amount with its currency in the language's own pattern (``2 950 €``, ``€2,950``); cents only
    when the amount has some. Without a currency, the plain number."""
    amount = Decimal(str(value))
    if not currency:
        return number(amount, lang)
    found = locale(lang)
    pattern = found.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")  # whole amounts as the articles write them: 2 950 €
    return format_currency(amount, currency, format=pattern, locale=found, currency_digits=False)


def plural_form(count: int, lang: str) -> str:
    """CLDR's plural category of ``count`` in the language (``one`` or ``other`` for French and English)."""
    return locale(lang).plural_form(count)
