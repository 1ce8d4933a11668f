"""The base every file model shares: unknown keys are errors, values are checked strictly."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FileModel(BaseModel):
    """A model read from a user's YAML file: a misspelt key must be an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DataModel(BaseModel):
    """A model selfshop writes itself (evidence, results): tolerant of fields added later."""

    model_config = ConfigDict(extra="ignore")


class Owner(FileModel):
    """The person accountable for a journey or a standard: named in alerts and reports."""

    name: str = Field(min_length=1, description="Who answers for it, e.g. 'Dana Reyes, Head of CX'")
    contact: str | None = Field(
        None,
        description="How to reach them: an e-mail address (alerts can be routed to it), "
        "a chat handle or a phone number",
    )

    def describe(self) -> str:
        return f"{self.name} ({self.contact})" if self.contact else self.name

    @property
    def email(self) -> str | None:
        """The contact when it is an e-mail address (alerts by e-mail are routed there)."""
        contact = (self.contact or "").strip()
        if contact.startswith("mailto:"):
            contact = contact[len("mailto:") :]
        local, at, domain = contact.partition("@")
        return contact if at and local and "." in domain and " " not in contact else None
