"""The journey x lens matrix: every customer's outcome in words, the worst lens the verdict."""

from __future__ import annotations

from selfshop.models.evidence import StepEvidence, StepStatus
from selfshop.models.results import JourneyResult, Run, StepResult, Verdict
from selfshop.report.lens_matrix import lens_matrix


def _walk(lens: str | None, verdict: Verdict, error: str | None = None) -> JourneyResult:
    evidence = StepEvidence(journey_id="checkout", step_index=0, step_name="Add to basket")
    if error:
        evidence.status, evidence.error = StepStatus.failed, error
    return JourneyResult(
        journey_id="checkout",
        title="Buy a gift",
        lens=lens,
        verdict=verdict,
        reasons=["Middle: 80 overall."] if verdict is Verdict.middle else [],
        steps=[StepResult(evidence=evidence)],
    )


def _run(*journeys: JourneyResult) -> Run:
    return Run(run_id="r", audit="a", started_at="2026-01-01T00:00:00Z", journeys=list(journeys))


def test_no_lens_walked_no_matrix() -> None:
    assert lens_matrix(_run(_walk(None, Verdict.proud))) is None


def test_each_customer_in_words_and_the_worst_lens_decides() -> None:
    stuck = "A keyboard-only customer is stuck at button 'Add to basket': it is a <div>."
    matrix = lens_matrix(
        _run(
            _walk(None, Verdict.proud),
            _walk("keyboard", Verdict.redesign, stuck),
            _walk("zoom-400", Verdict.middle),
        )
    )
    assert matrix is not None
    assert matrix.lenses == ["plain", "keyboard", "zoom-400"]
    (row,) = matrix.rows
    assert row.verdict == "redesign"
    words = [cell.words for cell in row.cells]
    assert (
        words[0]
        == "a customer with a mouse and fast broadband finishes it, and we would be proud of it"
    )
    assert words[1] == (
        "a keyboard-only customer cannot finish: stuck at the 'Add to basket' step — " + stuck[:-1]
    )
    assert words[2] == "a customer zoomed to 400 % finishes it, but: Middle: 80 overall"


def test_a_lens_a_journey_was_not_walked_as_is_said_so() -> None:
    other = _walk(None, Verdict.proud).model_copy(update={"journey_id": "search"})
    matrix = lens_matrix(_run(_walk(None, Verdict.middle), _walk("keyboard", Verdict.proud), other))
    assert matrix is not None
    search = matrix.rows[1]
    assert search.verdict == "proud"
    assert search.cells[1].words == "not walked as this customer"
    assert matrix.rows[0].verdict == "middle"
