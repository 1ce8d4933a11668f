"""The file examples in README.md are real files: each one loads without a mistake."""

from __future__ import annotations

import re
from pathlib import Path

from selfshop.load.files import load_audit, load_journey, load_standards

REPO = Path(__file__).resolve().parents[2]
FRAGMENT = """\
params: { email: null }
steps:
  - name: Sign in
    do:
      - fill: { label: Email, value: "${vars.email}" }
"""
ENV = {
    "SHOPPER_EMAIL": "sam@example.com",
    "TEST_CARD": "4242424242424242",
    "SITE_URL": "https://www.example.com",
    "CX_WEBHOOK": "json://127.0.0.1:9000/hooks/cx",
    "SMTP_USER": "cx-bot",
    "SMTP_PASSWORD": "not-a-real-password",
    "SELFSHOP_HISTORY": "postgresql://cx@db.example.com/selfshop",
}


def readme_example(heading: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    found = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert found, f"no YAML example under {heading}"
    return found.group(1)


def test_the_readme_examples_load(tmp_path: Path) -> None:
    (tmp_path / "journeys" / "fragments").mkdir(parents=True)
    (tmp_path / "audits").mkdir()
    (tmp_path / "standards.yaml").write_text(readme_example("### `standards.yaml`"))
    journey_file = tmp_path / "journeys" / "guest-checkout.yaml"
    journey_file.write_text(readme_example("### `journeys/*.yaml`"))
    (tmp_path / "journeys" / "fragments" / "sign-in.yaml").write_text(FRAGMENT)
    audit_file = tmp_path / "audits" / "weekly.yaml"
    audit_file.write_text(readme_example("### `audits/*.yaml`"))

    standards = load_standards(tmp_path / "standards.yaml")
    journey = load_journey(journey_file, env=ENV)
    loaded = load_audit(audit_file, env=ENV, read_sitemaps=False)  # www.example.com: not here

    assert standards.charter.locked == ["inclusion"]
    assert [step.name for step in journey.steps] == ["Find a gift", "Sign in", "Pay as a guest"]
    assert journey.steps[2].do[0].fill is not None and journey.steps[2].do[0].fill.is_secret
    assert loaded.audit.base_url == "https://www.example.com"
    assert [item.journey.id for item in loaded.journeys] == ["guest-checkout", "page-delivery"]
    assert [n.owners for n in loaded.audit.notify] == [False, True]
    assert journey.owner is not None and standards.goals()["inclusion"].locked
