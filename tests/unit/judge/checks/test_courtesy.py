"""Courtesy checks on saved evidence: tone, readability, required and forbidden phrases."""

from __future__ import annotations

from selfshop.models import Journey
from selfshop.models.results import CheckStatus, Severity

from .conftest import RunOne, load_evidence, make_standards


def test_copy_tone_is_clean_on_a_kind_page(run_one: RunOne) -> None:
    result = run_one("copy-tone", load_evidence("polished_gifts"))
    assert result.score == 1 and result.findings == []


def test_copy_tone_finds_blame_shouting_and_leaked_errors(run_one: RunOne) -> None:
    result = run_one("copy-tone", load_evidence("flawed_pay"))
    messages = " | ".join(f.message for f in result.findings)
    assert "invalid" in messages.lower()
    assert "shouts" in messages
    assert "error code" in messages
    assert "raw exception" in messages
    majors = [f for f in result.findings if f.severity is Severity.major]
    assert majors, "leaked exception text is major"
    assert result.score == 0
    assert all(f.evidence.excerpt for f in result.findings)


def test_copy_tone_allow_list_and_acronyms(run_one: RunOne) -> None:
    evidence = load_evidence(
        "polished_gifts", text="Prices include VAT UK. Shop at ACME BIG SALE now."
    )
    shouted = run_one("copy-tone", evidence)
    assert [f.message for f in shouted.findings if "shouts" in f.message]
    allowed = run_one("copy-tone", evidence, {"allow": ["ACME BIG SALE"]})
    assert allowed.findings == []


def test_copy_tone_empty_page_is_not_applicable(run_one: RunOne) -> None:
    assert run_one("copy-tone", load_evidence("empty_page")).status is CheckStatus.not_applicable


def test_copy_tone_huge_page(run_one: RunOne) -> None:
    text = "We are glad you are here and happy to help with your order today.\n" * 20000
    result = run_one("copy-tone", load_evidence("polished_gifts", text=text + "Invalid postcode"))
    assert result.status is CheckStatus.scored
    assert any("invalid" in f.message.lower() for f in result.findings)


def test_readability_plain_english_passes(run_one: RunOne) -> None:
    result = run_one("readability", load_evidence("polished_gifts"), {"min_words": 20})
    assert result.status is CheckStatus.scored and result.score == 1


def test_readability_dense_english_fails(run_one: RunOne) -> None:
    dense = (
        "Notwithstanding the aforementioned contractual considerations, the organisation's "
        "comprehensive remuneration infrastructure necessitates substantial reconsideration "
        "of its institutional accountability mechanisms and supplementary administrative "
        "responsibilities regarding international intergovernmental collaboration.\n"
    ) * 3
    result = run_one("readability", load_evidence("polished_gifts", text=dense))
    assert result.score is not None and result.score < 0.5
    assert result.findings[0].severity is Severity.major
    assert "hard to read" in result.findings[0].message


def test_readability_too_little_prose_is_not_applicable(run_one: RunOne) -> None:
    result = run_one("readability", load_evidence("empty_page"))
    assert result.status is CheckStatus.not_applicable


def test_readability_german_uses_the_german_formula(run_one: RunOne) -> None:
    result = run_one("readability", load_evidence("german_page"), {"min_words": 20})
    assert result.status is CheckStatus.scored
    assert result.score is not None and result.score > 0.5


def test_readability_unsupported_language_is_not_applicable(run_one: RunOne) -> None:
    result = run_one("readability", load_evidence("japanese_page"))
    assert result.status is CheckStatus.not_applicable
    assert "ja" in (result.reason or "")


def test_readability_huge_page_is_read_in_part(run_one: RunOne) -> None:
    text = "You can pay by card or by bank transfer when you are ready.\n" * 50000
    result = run_one("readability", load_evidence("polished_gifts", text=text))
    assert result.status is CheckStatus.scored and result.score == 1


def _journey() -> Journey:
    return Journey.model_validate(
        {
            "id": "guest-checkout",
            "title": "Buy a gift",
            "start": "/",
            "steps": [{"name": "Find a gift"}, {"name": "Confirmation"}],
        }
    )


def test_required_phrases_from_voice_rules_by_step_name(run_one: RunOne) -> None:
    standards = make_standards(voice={"required": {"Confirmation": ["Thank you"]}})
    thanks = load_evidence("polished_gifts", step_index=1, text="Thank  you for your order!")
    none = load_evidence("polished_gifts", step_index=1, text="Order 123 placed.")
    assert run_one("required-phrases", thanks, journey=_journey(), standards=standards).score == 1
    missing = run_one("required-phrases", none, journey=_journey(), standards=standards)
    assert missing.score == 0
    assert "thank you" in missing.findings[0].message.lower()
    # the first step has nothing required
    first = run_one(
        "required-phrases", load_evidence("polished_gifts"), journey=_journey(), standards=standards
    )
    assert first.status is CheckStatus.not_applicable


def test_required_phrases_by_journey_id_checked_on_last_step(run_one: RunOne) -> None:
    standards = make_standards(voice={"required": {"guest-checkout": ["order number"]}})
    last = load_evidence("polished_gifts", step_index=1, text="Your order number is 42")
    first = load_evidence("polished_gifts", step_index=0, text="Nothing here")
    assert run_one("required-phrases", last, journey=_journey(), standards=standards).score == 1
    result = run_one("required-phrases", first, journey=_journey(), standards=standards)
    assert result.status is CheckStatus.not_applicable


def test_required_phrases_param_and_curly_quotes(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", text="We\u2019re on it")
    assert run_one("required-phrases", evidence, {"phrases": ["we're on it"]}).score == 1


def test_forbidden_phrases_from_voice(run_one: RunOne) -> None:
    standards = make_standards(voice={"forbidden": ["per our policy", "unfortunately"]})
    result = run_one("forbidden-phrases", load_evidence("flawed_pay"), standards=standards)
    assert [f.severity for f in result.findings] == [Severity.major]
    assert "Per our policy" in result.findings[0].message
    clean = run_one("forbidden-phrases", load_evidence("polished_gifts"), standards=standards)
    assert clean.score == 1


def test_forbidden_phrases_whole_words_only(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", text="A cartoon about cars")
    assert run_one("forbidden-phrases", evidence, {"phrases": ["car"]}).findings == []


def test_forbidden_phrases_none_configured_is_not_applicable(run_one: RunOne) -> None:
    result = run_one("forbidden-phrases", load_evidence("flawed_pay"))
    assert result.status is CheckStatus.not_applicable


def test_copy_tone_robotic_no_results(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", text="Search\nERROR: NO RESULTS FOUND FOR QUERY.")
    messages = [f.message for f in run_one("copy-tone", evidence).findings]
    assert any("bare 'Error:'" in m for m in messages)
    assert any("shouts" in m for m in messages)


def test_readability_scores_english_without_loading_nltk() -> None:
    """textstat imports nltk for a dictionary only its 'en' path reads: scoring English text
    must not pay for loading it (a fresh interpreter, so no other test has loaded it)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from selfshop.judge.checks.courtesy import _textstat\n"
        "grade = _textstat('en').flesch_kincaid_grade('The cat sat on the mat. It was glad.')\n"
        "print(grade, 'nltk.data' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    grade, nltk_loaded = done.stdout.split()
    assert float(grade) < 5
    assert nltk_loaded == "False"
