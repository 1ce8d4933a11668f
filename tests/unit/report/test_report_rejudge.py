"""`selfshop report --rejudge`: new standards, the same saved evidence, no browser."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.models.evidence import StepEvidence
from selfshop.models.journey import Journey, Step
from selfshop.models.results import JourneyResult, Run, StepResult

REPO = Path(__file__).resolve().parents[3]
runner = CliRunner()


def _standards_with_bands(tmp_path: Path, proud: int, redesign: int) -> Path:
    text = (REPO / "standards.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "verdict: { proud: 85, redesign: 60 }",
        f"verdict: {{ proud: {proud}, redesign: {redesign} }}",
    )
    assert changed != text
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "standards.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def _saved_run(folder: Path) -> Path:
    """A run folder holding one journey walked on the polished shop's gift page."""
    evidence = StepEvidence.model_validate_json(
        (REPO / "tests" / "fixtures" / "evidence" / "polished_gifts.json").read_text()
    )
    journey = Journey(
        id=evidence.journey_id,
        title="Find a gift",
        start="/",
        steps=[Step(name=evidence.step_name)],
    )
    stored = JourneyResult(
        journey_id=journey.id,
        title=journey.title,
        definition=journey,
        steps=[StepResult(evidence=evidence.model_copy(update={"step_index": 0}))],
    )
    run = Run(run_id="r1", audit="Demo", started_at="2026-11-22T07:00:00+00:00", journeys=[stored])
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    return folder


def _rejudged(folder: Path, standards: Path) -> Run:
    result = runner.invoke(
        app, ["report", str(folder), "--rejudge", "--standards", str(standards), "--no-walks"]
    )
    assert result.exit_code == 0, result.output
    return Run.model_validate_json((folder / "rejudged" / "run.json").read_text())


def test_rejudge_applies_new_standards_and_leaves_the_saved_run_alone(tmp_path: Path) -> None:
    folder = _saved_run(tmp_path / "reports" / "demo" / "r1")
    before = (folder / "run.json").read_text(encoding="utf-8")
    lenient = _rejudged(folder, _standards_with_bands(tmp_path / "a", proud=1, redesign=0))
    assert lenient.proud_threshold == 1
    assert lenient.journeys[0].verdict.value == "proud", lenient.journeys[0].reasons
    assert lenient.journeys[0].steps[0].checks, "the saved evidence was checked again"
    # A voice rule added since the walk is applied to the words the customer read then.
    strict_file = _standards_with_bands(tmp_path / "b", proud=100, redesign=0)
    strict_file.write_text(
        strict_file.read_text().replace(
            'forbidden: ["invalid input"',
            'forbidden: ["ships the next working day", "invalid input"',
        ),
        encoding="utf-8",
    )
    strict = _rejudged(folder, strict_file)
    assert strict.journeys[0].verdict.value != "proud"
    found = [f.check_id for f in strict.journeys[0].steps[0].findings]
    assert "forbidden-phrases" in found
    assert (folder / "rejudged" / "report.html").is_file()
    assert (folder / "run.json").read_text(encoding="utf-8") == before
    # Each re-judged run names the standards that judged it.
    assert lenient.standards_version.startswith("sha256:")
    assert lenient.standards_version != strict.standards_version


def test_rejudge_with_a_broken_standards_file_is_bad_input(
    run_dir: Path, run: Run, tmp_path: Path
) -> None:
    broken = tmp_path / "standards.yaml"
    broken.write_text("organisation: X\nstandards: []\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(run_dir), "--rejudge", "--standards", str(broken)])
    assert result.exit_code != 0
    assert not (run_dir / "rejudged").exists()
