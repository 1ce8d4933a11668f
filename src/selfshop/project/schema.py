"""JSON Schemas of selfshop's files, exported from the models so editors complete and validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from selfshop.errors import UsageError
from selfshop.models.audit import Audit
from selfshop.models.journey import Fragment, Journey, UseStep
from selfshop.models.results import Run
from selfshop.models.standards import Standards
from selfshop.store.atomic import write_text

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
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give a folder for the schemas")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        write_text(path, json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def reference_markdown() -> str:
    """A field-by-field reference of every file model, for docs/reference.md."""
    lines = [
        "# File reference",
        "",
        "Generated from the models by `selfshop schema --markdown`; do not edit by hand.",
        "",
    ]
    seen: set[type[BaseModel]] = set()
    for name, model in FILE_MODELS.items():
        lines += [f"## {name} file", ""]
        lines += _model_tables(model, seen)
    return "\n".join(lines).rstrip() + "\n"


def _model_tables(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    doc = " ".join((model.__doc__ or "").split())
    lines = [f"### {model.__name__}", ""] + ([doc, ""] if doc else [])
    lines += ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    nested: list[type[BaseModel]] = []
    for field_name, info in model.model_fields.items():
        key = info.alias or field_name
        default = (
            "required"
            if info.is_required()
            else _default(info.get_default(call_default_factory=True))
        )
        lines.append(
            f"| `{key}` | {_type_name(info.annotation)} | {default} | "
            f"{(info.description or '').replace('|', '/')} |"
        )
        nested += [m for m in _models_in(info.annotation) if m not in seen]
    lines.append("")
    for child in nested:
        lines += _model_tables(child, seen)
    return lines


def _default(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, BaseModel):
        return "see below"
    return f"`{value}`"


def _without_validators(annotation: Any) -> Any:
    """`list[Annotated[Question, BeforeValidator(...)]]` reads as `list[Question]`."""
    import typing

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _without_validators(typing.get_args(annotation)[0])
    if origin in (list, dict):
        return origin[tuple(_without_validators(arg) for arg in typing.get_args(annotation))]
    return annotation


def _type_name(annotation: Any) -> str:
    if "Annotated[" in str(_without_validators(annotation)):
        return _annotated_name(annotation)
    text = (
        str(_without_validators(annotation)).replace("typing.", "").replace("selfshop.models.", "")
    )
    for module in ("journey.", "standards.", "audit.", "pydantic.types."):
        text = text.replace(module, "")
    text = text.replace("<class '", "").replace("'>", "").replace("<enum '", "")
    return text.replace("|", "or")


def _annotated_name(annotation: Any) -> str:
    """A type with constraints and tags (Annotated) named by the types it allows."""
    import types
    import typing

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotated_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_annotated_name(arg) for arg in args)
    if origin is list:
        return f"list[{_annotated_name(args[0])}]"
    return _type_name(annotation)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found
