"""Take typed secret values out of a step's evidence, as data, in every form a site may echo them.

A site can echo what a customer typed raw, JSON-escaped, percent- or form-encoded (a GET form puts
`p%40ss+w0rd` in the address) or as HTML entities. The scrubber walks the evidence's values (never
its serialised text, so the model always stays valid) and masks each form.

How much of a value counts as a match depends on the secret's length, because a very short
secret is also an ordinary piece of text ("1", "x", "yes"):

- 4 characters or more: anywhere, inside any text;
- 2 or 3 characters: only as a whole token (not next to a letter or digit): "PIN 123" loses its
  "123", "A1234" keeps its digits;
- 1 character: only where it is the whole of a value: a field, a URL parameter (`?pin=7`), a
  line of text. Masking every "7" of a page would destroy the evidence and protect nothing: the
  secret is one of a handful of values anyway.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus

from pydantic import BaseModel

MASK = "••••••"
TOKEN_MIN = 2  # shorter secrets are masked only as whole values
ANYWHERE_MIN = 4  # shorter secrets are masked only as whole tokens
# Structural values the walker itself wrote (an action's kind, a request's method): never masked,
# so a secret such as "fill" or "GET" cannot turn the evidence into something the checks misread.
# The journey's own words (a step's name) are not the site's: they are left as written too.
STRUCTURAL_KEYS = frozenset(
    {"kind", "level", "method", "resource_type", "reason", "type", "impact", "tags"}
    | {"journey_id", "step_name", "intent", "device", "channel"}
)

M = TypeVar("M", bound=BaseModel)


def encodings(secret: str) -> list[str]:
    """The forms a site may echo a typed value in, longest first, without repeats."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret, safe=""),
        quote(secret, safe="").lower(),
        quote_plus(secret, safe="").lower(),
        html.escape(secret),
        html.escape(secret, quote=False),
        "".join(f"&#{ord(c)};" for c in secret),
    }
    return sorted((f for f in forms if f), key=len, reverse=True)


class Scrubber:
    """Masks a journey's typed secrets in text and in whole models."""

    def __init__(self, secrets: Iterable[str]) -> None:
        values = sorted({s for s in secrets if s}, key=len, reverse=True)
        self.secrets = values
        self._whole = {form for s in values if len(s) < TOKEN_MIN for form in encodings(s)}
        anywhere = [f for s in values if len(s) >= ANYWHERE_MIN for f in encodings(s)]
        tokens = [f for s in values if TOKEN_MIN <= len(s) < ANYWHERE_MIN for f in encodings(s)]
        parts = [re.escape(f) for f in anywhere]
        parts += [rf"(?<![^\W_]){re.escape(f)}(?![^\W_])" for f in tokens]
        # A short secret that is a whole URL parameter or form value: `?pin=7&` or `pin=7`.
        parts += [rf"(?<=[=]){re.escape(f)}(?=$|[&#;\s\"'])" for f in sorted(self._whole)]
        self._pattern = re.compile("|".join(parts)) if parts else None

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def text(self, text: str) -> str:
        """The text with every echoed secret masked."""
        if not self.secrets or not text:
            return text
        if text in self._whole or text.strip() in self._whole:
            return MASK
        if self._pattern is not None:
            text = self._pattern.sub(MASK, text)
        if self._whole and "\n" in text:
            lines = text.split("\n")
            text = "\n".join(MASK if line.strip() in self._whole else line for line in lines)
        return text

    def model(self, model: M) -> M:
        """A copy of the model with every string value scrubbed (structural values aside)."""
        if not self.secrets:
            return model
        data = model.model_dump(mode="python")
        cleaned = self._value(data, key=None)
        return model if cleaned == data else type(model).model_validate(cleaned)

    def _value(self, value: Any, key: str | None) -> Any:
        if isinstance(value, Enum) or key in STRUCTURAL_KEYS:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self._value(v, k if isinstance(k, str) else None) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, key) for v in value]
        return value  # numbers, booleans, None: a secret "true" is not the boolean true
