"""reports/index.html: the dashboard of an output folder. Per audit: scores over time with the
goal lines, a journeys x runs grid of verdicts and what changed since the last run; then every
run, newest first, linked to its report.

Runs come from the history database when there is one (cheap), plus any run folder on disk
the history does not know (runs copied in, or written without a history).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from selfshop.models.results import Verdict
from selfshop.report.indexed import IndexJourney, IndexRun
from selfshop.report.view import VERDICT_SYMBOLS, VERDICT_WORDS, score_text, when
from selfshop.store.atomic import write_text
from selfshop.store.history import history_location, run_summaries, utc_sort_key
from selfshop.store.runfolder import RUN_FILE

INDEX_NAME = "index.html"


def _journey(title: str, key: str, verdict: str, score: float | None) -> IndexJourney:
    known = Verdict(verdict) if verdict in Verdict.__members__ else Verdict.redesign
    return IndexJourney(
        title, key, known.value, VERDICT_WORDS[known], VERDICT_SYMBOLS[known], score_text(score)
    )


def _href(output_dir: Path, run_dir: Path) -> str | None:
    for name in ("report.html", RUN_FILE):
        if (run_dir / name).is_file():
            relative = os.path.relpath(run_dir / name, output_dir)
            return quote(Path(relative).as_posix())
    return None


def collect_runs(output_dir: Path, history: str | None = None) -> list[IndexRun]:
    local = isinstance(history_location(output_dir, history), Path)
    return [
        IndexRun(
            summary.run_id,
            summary.audit,
            when(summary.started_at),
            utc_sort_key(summary.started_at),
            _href(output_dir, summary.run_dir),
            summary.gate_passed,
            summary.interrupted,
            [_journey(j.title, j.key, j.verdict, j.score) for j in summary.journeys],
            summary.journeys,
            summary.run_dir,
        )
        # A shared history also lists runs made on other machines (shown without a link).
        for summary in run_summaries(output_dir, on_disk=local, history=history)
    ]


def render_index(output_dir: Path, history: str | None = None) -> str:
    from markupsafe import Markup

    from selfshop.report.dashboard import audit_boards
    from selfshop.report.html import environment, page_assets

    css, _, csp = page_assets()
    runs = collect_runs(output_dir, history)
    template = environment().get_template("index.html.j2")
    return template.render(
        runs=runs, boards=audit_boards(runs), css=Markup(css), csp=csp, folder=output_dir.name
    )


def write_index(output_dir: Path, history: str | None = None) -> Path:
    return write_text(output_dir / INDEX_NAME, render_index(output_dir, history))
