"""The page a step acts on is judged as customers see it: styled. A step can use an element
before the page's style sheet has arrived; measuring the page then would judge the browser's
unstyled controls (a 21 px field on a phone) instead of the page's own."""

from __future__ import annotations

import http.server
import time
from pathlib import Path
from typing import Any

import pytest
from local_server import serving

from selfshop.load.files import inline_audit
from selfshop.models.audit import Audit
from selfshop.models.journey import Journey
from selfshop.pipeline import run_audit

pytestmark = pytest.mark.browser

STANDARDS = Path(__file__).parents[2] / "standards.yaml"
STYLE_DELAY_S = 1.5

HOME = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<style>a { display: block; padding: 16px; }</style></head>"
    '<body><main><h1>Shop</h1><a href="/form">Your details</a></main></body></html>'
)
FORM = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your details</title>'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<link rel="stylesheet" href="/slow.css"></head><body><main><h1>Your details</h1>'
    '<label for="name">Your name</label><input id="name" name="name"></main></body></html>'
)
STYLE = "input { display: block; width: 100%; min-height: 48px; box-sizing: border-box; }"


class SlowStyleSite(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/slow.css":
            time.sleep(STYLE_DELAY_S)
            self.answer("text/css", STYLE)
        else:
            self.answer("text/html; charset=utf-8", FORM if self.path == "/form" else HOME)

    def answer(self, kind: str, text: str) -> None:
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_page_a_step_acts_on_is_measured_after_its_style_sheet_arrives(
    tmp_path: Path,
) -> None:
    journey = Journey.model_validate(
        {
            "id": "details",
            "title": "Give my name",
            "start": "/",
            "device": "mobile",
            "steps": [
                {
                    "name": "Give my name",
                    "do": [
                        {"click": {"role": "link", "name": "Your details"}},
                        {"fill": {"label": "Your name", "value": "Sam"}},
                    ],
                }
            ],
        }
    )
    with serving(SlowStyleSite) as base_url:
        audit = Audit.model_validate({"name": "met", "base_url": base_url, "journeys": ["inline"]})
        loaded = inline_audit(audit, [journey], STANDARDS, tmp_path)
        run = run_audit(loaded, workers=1, progress=False, output_dir=tmp_path).run
    step = run.journeys[0].steps[0]
    assert step.evidence.status.value == "passed", step.evidence.error
    met: Any = next(p for p in step.evidence.pages_met if (p.url or "").endswith("/form"))
    field = next(c for c in met.controls if c.accessible_name == "Your name")
    assert field.height is not None and field.height >= 48, field
    small = [f for f in step.findings if f.check_id == "touch-targets"]
    assert small == [], [f.message for f in small]
