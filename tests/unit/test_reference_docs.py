"""docs/reference.md is generated from the models: it must say what the models say."""

from __future__ import annotations

from pathlib import Path

from selfshop.project.schema import reference_markdown

REPO = Path(__file__).resolve().parents[2]


def test_reference_docs_are_current() -> None:
    committed = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run: selfshop schema --markdown > docs/reference.md"


def test_reference_names_every_action_kind() -> None:
    from selfshop.models.journey import ACTION_KINDS

    text = reference_markdown()
    for kind in ACTION_KINDS:
        assert f"| `{kind}` |" in text
