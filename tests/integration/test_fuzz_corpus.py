"""A seeded corpus of broken files, made from the project's own example files by truncating and
mutating them, each run through `selfshop lint` and `selfshop run` in this process: every one is
exit 2 with located lines, never a traceback or an internal error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from selfshop.demo import DEMO_SECRETS

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from broken_files import copy_examples, try_corpus
from inprocess import run_cli

REPO = Path(__file__).resolve().parents[2]
SEED = 12
CORPUS_SIZE = 500


def test_a_seeded_corpus_of_broken_files_is_refused_with_located_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_examples(REPO, tmp_path)
    for name, value in DEMO_SECRETS.items():  # the examples load as they are
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    for file in sorted(tmp_path.rglob("*.yaml")):  # unbroken, every example is clean
        assert run_cli("lint", str(file.relative_to(tmp_path))).code == 0, file
    corpus = try_corpus(tmp_path, seed=SEED, size=CORPUS_SIZE)
    assert corpus.broken == CORPUS_SIZE, f"only {corpus.broken} in {corpus.attempts} attempts"
    assert corpus.failures == [], "\n".join(corpus.failures[:10])
