"""The base every file model shares: unknown keys are errors, values are checked strictly."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FileModel(BaseModel):
    """A model read from a user's YAML file: a misspelt key must be an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DataModel(BaseModel):
    """A model selfshop writes itself (evidence, results): tolerant of fields added later."""

    model_config = ConfigDict(extra="ignore")
