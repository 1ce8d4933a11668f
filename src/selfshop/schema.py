"""JSON Schemas of selfshop's files, exported from the models so editors complete and validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from selfshop.atomic import write_text
from selfshop.models.audit import Audit
from selfshop.models.journey import Fragment, Journey, UseStep
from selfshop.models.results import Run
from selfshop.models.standards import Standards

FILE_MODELS: dict[str, type[BaseModel]] = {
    "journey": Journey,
    "fragment": Fragment,
    "standards": Standards,
    "audit": Audit,
}


def schemas() -> dict[str, dict[str, Any]]:
    """Schema name -> JSON Schema. run.json's schema describes what selfshop writes."""
    result = {name: model.model_json_schema() for name, model in FILE_MODELS.items()}
    result["journey"] = _steps_may_use_fragments(result["journey"])
    result["run"] = Run.model_json_schema(mode="serialization")
    for name, schema in result.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name)
    return result


def _steps_may_use_fragments(schema: dict[str, Any]) -> dict[str, Any]:
    # In a file a step item may be `use: fragment`; the loader expands it before validation.
    use = UseStep.model_json_schema(by_alias=True)
    schema.setdefault("$defs", {})["UseStep"] = use
    steps = schema["properties"]["steps"]
    steps["items"] = {"anyOf": [steps["items"], {"$ref": "#/$defs/UseStep"}]}
    return schema


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        write_text(path, json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
