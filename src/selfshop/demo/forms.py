"""Server-side validation of the shop's forms, with each variant's words for a mistake.

The polished variant says what to do next, kindly; the flawed variant blames the customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selfshop.demo.variants import Variant

# A UK postcode, loosely: outward code, optional space, inward code.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

CHECKOUT_FIELDS = ("email", "name", "address", "postcode", "card")
CONTACT_FIELDS = ("name", "email", "topic", "message", "order")
SIGN_IN_FIELDS = ("email", "password")
CONTACT_TOPICS = ("An order", "Delivery", "A refund", "Something else")
MIN_PASSWORD = 8

_KIND = {
    "email": "Please enter your email address, like name@example.com, so we can send your receipt.",
    "name": "Please tell us your full name, so the parcel reaches you.",
    "address": "Please enter the first line of your address.",
    "postcode": "Please check your postcode — it should look like SW1A 1AA.",
    "card": "Please check your card number — it is the 16 digits on the front of your card.",
    "topic": "Please choose what your message is about.",
    "message": "Please write a short message, so we know how to help.",
    "password": f"Please enter your password — it has at least {MIN_PASSWORD} characters.",
}
_BLAMING = {
    "email": "Invalid input. You failed to enter a valid email.",
    "name": "Invalid input. Name is a required field.",
    "address": "Invalid input. Address is a required field.",
    "postcode": "Invalid input. You failed to enter a valid postcode.",
    "card": "Invalid input. Card number rejected.",
    "topic": "Invalid input. Illegal topic value.",
    "message": "Invalid input. Message is a required field.",
    "password": "Invalid input. Authentication failed.",
}


@dataclass
class FormResult:
    """The values as the customer typed them, and a message per field that needs fixing."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def message(variant: Variant, field_name: str) -> str:
    return (_KIND if variant is Variant.polished else _BLAMING)[field_name]


def _clean(form: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    return {name: form.get(name, "").strip() for name in names}


def _card_ok(number: str) -> bool:
    digits = re.sub(r"[\s-]", "", number)
    return digits.isdigit() and 12 <= len(digits) <= 19 and _luhn(digits)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_checkout(form: dict[str, str], variant: Variant) -> FormResult:
    values = _clean(form, CHECKOUT_FIELDS)
    problems = {
        "email": not EMAIL.match(values["email"]),
        "name": not values["name"],
        "address": not values["address"],
        "postcode": not POSTCODE.match(values["postcode"]),
        "card": not _card_ok(values["card"]),
    }
    errors = {name: message(variant, name) for name, bad in problems.items() if bad}
    return FormResult(values, errors)


def validate_contact(form: dict[str, str], variant: Variant) -> FormResult:
    values = _clean(form, CONTACT_FIELDS)
    problems = {
        "name": not values["name"],
        "email": not EMAIL.match(values["email"]),
        "topic": values["topic"] not in CONTACT_TOPICS,
        "message": not values["message"],
    }
    errors = {name: message(variant, name) for name, bad in problems.items() if bad}
    return FormResult(values, errors)


def validate_sign_in(form: dict[str, str], variant: Variant) -> FormResult:
    values = _clean(form, SIGN_IN_FIELDS)
    problems = {
        "email": not EMAIL.match(values["email"]),
        "password": len(values["password"]) < MIN_PASSWORD,
    }
    errors = {name: message(variant, name) for name, bad in problems.items() if bad}
    return FormResult(values, errors)


def normalise_postcode(postcode: str) -> str:
    """SW1A1AA -> SW1A 1AA, as it is printed on the confirmation."""
    compact = postcode.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}"
