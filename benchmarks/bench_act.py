"""selfshop's verdicts on outside material: the W3C ACT Rules test cases.

Usage:
    .venv/bin/python benchmarks/bench_act.py                       # every test case
    .venv/bin/python benchmarks/bench_act.py --subset 60           # 60 cases, spread over rules
    .venv/bin/python benchmarks/bench_act.py --act-dir ../shared/act-rules --workers 2
    .venv/bin/python benchmarks/bench_act.py --json out.json       # per-page results too
    .venv/bin/python benchmarks/bench_act.py --shard 1/3 --json a.json   # one of three at once
    .venv/bin/python benchmarks/bench_act.py --combine a.json b.json c.json  # their summary

The folder (W3C Document License, its LICENSE.md stays beside it) is read in place and served on
127.0.0.1 laid out as on the W3C site (/WAI/content-assets/wcag-act-rules/ and /test-assets/).
Each test page becomes a one-step journey walked through selfshop's real pipeline (walk, judge,
run folder), in audits of --batch journeys each, on the desktop device.

It prints:
  (a) pages where selfshop reports a WCAG A/AA failure and still calls proud (target 0);
  (b) expected passed / inapplicable pages that are not proud (target <= 1 % of them), split
      into those with a WCAG A/AA failure selfshop reports and those without (false verdicts);
  (c) expected-failed pages found per ACT rule, as the peers in earl/ are counted: a finding
      above info whose W3C ACT rules (axe-core's actIds, or those a selfshop check declares)
      include the case's rule; "alarms" are such findings on passed / inapplicable pages of that
      rule. Secondary lines keep the looser counts: per criterion (a finding above info citing
      one of the rule's WCAG criteria) and loose (any finding above info that a clean page of
      the same shell does not get). Per rule beside axe-core and the best peer.
Never special-cases a test case: every page goes through the same audit.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from selfshop.load.files import inline_audit
from selfshop.models.audit import Audit, Timeouts
from selfshop.models.journey import Journey
from selfshop.models.results import JourneyResult, Verdict
from selfshop.pipeline import run_audit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ACT_DIR = ROOT / ".." / "shared" / "act-rules"
SITE_PREFIX = "/WAI/content-assets/wcag-act-rules/"
CLEAN_DIR = "/selfshop-bench-clean/"
CLEAN_PAGES = {
    "title": '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Clean page</title>\n</head>\n'
    "<body>\n<p>Hello.</p>\n</body>\n</html>\n",
    "no-title": "<!DOCTYPE html>\n<html>\n<body>\n<p>Hello.</p>\n</body>\n</html>\n",
}
# Findings about the document itself: no <title> (WCAG 2.4.2), no or a bad lang (WCAG 3.1.1).
DOCUMENT_LEVEL = frozenset(
    {
        "page-title:missing",
        "accessibility:document-title",
        "document-language:missing",
        "document-language:malformed",
        "accessibility:html-has-lang",
        "accessibility:html-lang-valid",
    }
)
CRITERION = re.compile(r"wcag2\d:(\d\.\d\.\d+)")


@dataclass(frozen=True)
class Case:
    rule: str
    rule_name: str
    expected: str
    path: str  # relative to the act folder: testcases/<rule>/<id>.<ext>
    criteria: frozenset[str]

    @property
    def url_path(self) -> str:
        return SITE_PREFIX + self.path


class Seen(NamedTuple):
    """One finding on a page, as the summary needs it."""

    key: str
    severity: str
    barrier: bool  # fails a WCAG A/AA criterion
    refs: list[str]
    act_rules: list[str]  # the W3C ACT rules its check implements


@dataclass
class Judged:
    case: Case
    verdict: str
    score: float | None
    findings: list[Seen]
    shell: str
    error: str | None = None

    @property
    def barrier(self) -> bool:
        return any(f.barrier for f in self.findings if f.severity != "info")

    def fails_only_document_level(self) -> bool:
        """Are all its WCAG A/AA findings about the page's own <title> or lang attribute?"""
        barriers = {f.key for f in self.findings if f.barrier and f.severity != "info"}
        return bool(barriers) and barriers <= DOCUMENT_LEVEL

    def criteria_failed(self) -> set[str]:
        cited = set()
        for f in self.findings:
            if f.severity != "info":
                cited |= {r.removeprefix("WCAG ") for r in f.refs if r.startswith("WCAG ")}
        return cited

    def rule_failed(self) -> list[Seen]:
        """Its findings above info that fail the case's own ACT rule, as an EARL result would."""
        return [f for f in self.findings if f.severity != "info" and self.case.rule in f.act_rules]


@dataclass
class Figures:
    judged: list[Judged] = field(default_factory=list)
    clean: dict[str, set[str]] = field(default_factory=dict)


# --- the test cases and the server --------------------------------------------------------


def load_cases(act_dir: Path) -> list[Case]:
    data = json.loads((act_dir / "testcases.json").read_text(encoding="utf-8"))
    cases = []
    for item in data["testcases"]:
        path = item["relativePath"]
        if not path.endswith((".html", ".xhtml")) or not (act_dir / path).is_file():
            continue  # an SVG or a missing large video: not a page a customer opens
        criteria = frozenset(
            m.group(1)
            for key in item.get("ruleAccessibilityRequirements") or {}
            if (m := CRITERION.fullmatch(key))
        )
        cases.append(Case(item["ruleId"], item["ruleName"], item["expected"], path, criteria))
    return cases


def subset(cases: list[Case], size: int) -> list[Case]:
    """About `size` cases, taken round-robin over rules and outcomes so all kinds appear."""
    groups: dict[tuple[str, str], list[Case]] = collections.defaultdict(list)
    for case in cases:
        groups[(case.rule, case.expected)].append(case)
    chosen: list[Case] = []
    queues = [list(g) for g in groups.values()]
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0))
    return chosen


class _ActHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the act folder under the W3C site's layout; the clean pages from memory."""

    act_dir: Path = Path(".")
    # As the W3C site serves them: UTF-8 (a guessed Windows-1252 turns "…" into "â€¦").
    extensions_map = {  # noqa: RUF012 (a class attribute, as on the base class)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".xhtml": "application/xhtml+xml; charset=utf-8",
    }

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix in (SITE_PREFIX, "/test-assets/"):
            if clean.startswith(prefix):
                rest = clean[len(SITE_PREFIX) :] if prefix == SITE_PREFIX else clean[1:]
                return str(self.act_dir / rest)
        return str(self.act_dir / clean.lstrip("/"))

    def do_GET(self) -> None:
        name = self.path.removeprefix(CLEAN_DIR).removesuffix(".html")
        if self.path.startswith(CLEAN_DIR) and name in CLEAN_PAGES:
            body = CLEAN_PAGES[name].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A page the browser left before it was sent (a redirect, a closed frame) is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serving(act_dir: Path) -> Iterator[str]:
    handler = type("Handler", (_ActHandler,), {"act_dir": act_dir.resolve()})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(act_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- walking ------------------------------------------------------------------------------


def journey_for(journey_id: str, path: str) -> Journey:
    return Journey.model_validate(
        {
            "id": journey_id,
            "title": journey_id,
            "start": path,
            "steps": [{"name": "Open the page", "do": []}],
        }
    )


def walk(
    pages: dict[str, str], base_url: str, out: Path, standards: Path, workers: int
) -> dict[str, JourneyResult]:
    """Walk each (journey id -> page path) once; the journey results by id."""
    journeys = [journey_for(jid, path) for jid, path in pages.items()]
    audit = Audit.model_validate(
        {
            "name": "act",
            "base_url": base_url,
            "journeys": ["inline"],
            "timeouts": Timeouts(action_ms=5_000, navigation_ms=10_000, step_ms=30_000),
        }
    )
    loaded = inline_audit(audit, journeys, standards, out)
    outcome = run_audit(loaded, workers=workers, progress=False, output_dir=out)
    return {j.journey_id: j for j in outcome.run.journeys}


def findings_of(result: JourneyResult) -> list[Seen]:
    return [
        Seen(f.key, f.severity.value, f.wcag_barrier, list(f.references), list(f.act_rules))
        for step in result.steps
        for f in step.findings
    ]


def judge_all(
    cases: list[Case], act_dir: Path, standards: Path, workers: int, batch: int
) -> Figures:
    figures = Figures()
    with serving(act_dir) as base_url, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        clean = walk(
            {f"clean-{name}": f"{CLEAN_DIR}{name}.html" for name in CLEAN_PAGES},
            base_url,
            out,
            standards,
            workers,
        )
        for name in CLEAN_PAGES:
            figures.clean[name] = {f.key for f in findings_of(clean[f"clean-{name}"])}
        for start in range(0, len(cases), batch):
            chunk = cases[start : start + batch]
            ids = {f"case-{start + i:04d}": case for i, case in enumerate(chunk)}
            results = walk(
                {jid: case.url_path for jid, case in ids.items()}, base_url, out, standards, workers
            )
            for jid, case in ids.items():
                figures.judged.append(judged(case, results[jid], act_dir))
            print(f"  {start + len(chunk)} of {len(cases)} pages", file=sys.stderr, flush=True)
    return figures


def judged(case: Case, result: JourneyResult, act_dir: Path) -> Judged:
    source = (act_dir / case.path).read_text(encoding="utf-8", errors="replace").lower()
    shell = "title" if "<title" in source else "no-title"
    step = result.steps[0]
    return Judged(
        case=case,
        verdict=result.verdict.value,
        score=result.score,
        findings=findings_of(result),
        shell=shell,
        error=step.evidence.error,
    )


# --- the peers (earl/) --------------------------------------------------------------------


def peer_failures(act_dir: Path) -> dict[str, set[str]]:
    """Per tool: the test-case paths it reports failed (as count_peers.py counts them)."""
    tools: dict[str, set[str]] = {}
    for report in sorted((act_dir / "earl").glob("*.json")):
        fails: set[str] = set()
        _scan(json.loads(report.read_text(encoding="utf-8")), None, fails)
        tools[report.stem] = fails
    return tools


def _page_of(node: dict[str, Any]) -> str | None:
    for key in ("source", "@id", "url"):
        value = node.get(key)
        if isinstance(value, str) and "testcases/" in value:
            return "testcases/" + value.split("testcases/")[-1]
    subject = node.get("subject")
    if isinstance(subject, dict):
        return _page_of(subject)
    if isinstance(subject, str) and "testcases/" in subject:
        return "testcases/" + subject.split("testcases/")[-1]
    return None


def _scan(node: Any, page: str | None, fails: set[str]) -> None:
    if isinstance(node, dict):
        page = _page_of(node) or page
        result = node.get("result")
        outcome = node.get("outcome") or (
            result.get("outcome") if isinstance(result, dict) else None
        )
        if page and outcome and "failed" in str(outcome):
            fails.add(page)
        for value in node.values():
            _scan(value, page, fails)
    elif isinstance(node, list):
        for value in node:
            _scan(value, page, fails)


# --- the summary --------------------------------------------------------------------------


def found_per_rule(item: Judged) -> bool:
    return bool(item.rule_failed())


def found_per_criterion(item: Judged) -> bool:
    return bool(item.case.criteria & item.criteria_failed())


def found_loose(item: Judged, clean: dict[str, set[str]]) -> bool:
    usual = clean.get(item.shell, set())
    return any(f.severity != "info" and f.key not in usual for f in item.findings)


def summarise(figures: Figures, peers: dict[str, set[str]]) -> list[str]:
    judged = figures.judged
    lines = [f"ACT test pages judged: {len(judged)}"]
    counts = collections.Counter(j.case.expected for j in judged)
    lines.append(
        "  by expected outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    proud_barrier = [j for j in judged if j.barrier and j.verdict == Verdict.proud.value]
    lines.append(
        f"(a) WCAG A/AA failure reported but proud: {len(proud_barrier)} (target 0)"
        + _examples(proud_barrier)
    )
    clean_cases = [j for j in judged if j.case.expected in ("passed", "inapplicable")]
    not_proud = [j for j in clean_cases if j.verdict != Verdict.proud.value]
    false_verdicts = [j for j in not_proud if not j.barrier]
    limit = len(clean_cases) / 100
    lines.append(
        f"(b) expected passed/inapplicable not proud: {len(not_proud)} of {len(clean_cases)}"
        f" ({_pct(len(not_proud), len(clean_cases))}; target <= {limit:.1f})"
    )
    document_only = [j for j in not_proud if j.fails_only_document_level()]
    other_barriers = [j for j in not_proud if j.barrier and not j.fails_only_document_level()]
    lines.append(
        f"    with a WCAG A/AA failure selfshop reports (another criterion, e.g. no lang): "
        f"{len(not_proud) - len(false_verdicts)}"
    )
    lines.append(
        f"      of which fail only the document's own <title> or lang (WCAG 2.4.2 / 3.1.1): "
        f"{len(document_only)}"
    )
    lines.append(
        f"      the rest: {len(other_barriers)}" + _examples(other_barriers, with_keys=True)
    )
    lines.append(
        f"    without one (false verdicts): {len(false_verdicts)}"
        + _examples(false_verdicts, with_keys=True)
    )
    failed = [j for j in judged if j.case.expected == "failed"]
    per_rule = [j for j in failed if found_per_rule(j)]
    alarms = [j for j in clean_cases if found_per_rule(j)]
    lines.append(
        f"(c) expected-failed pages found per ACT rule: {len(per_rule)} of {len(failed)}; "
        f"alarms on passed/inapplicable pages: {len(alarms)} of {len(clean_cases)}"
        + _alarms(alarms)
    )
    per_criterion = [j for j in failed if found_per_criterion(j)]
    loose = [j for j in failed if found_loose(j, figures.clean)]
    lines.append(
        f"    secondary: per criterion {len(per_criterion)} of {len(failed)}, "
        f"loose {len(loose)} of {len(failed)}"
    )
    criterion_alarms = [j for j in clean_cases if found_per_criterion(j)]
    lines.append(f"    per-criterion alarms on passed/inapplicable pages: {len(criterion_alarms)}")
    proud_failed = [j for j in failed if j.verdict == Verdict.proud.value]
    lines.append(f"    expected-failed pages still proud: {len(proud_failed)} of {len(failed)}")
    lines += _peer_lines(judged, failed, per_rule, peers)
    lines += _per_rule(failed, peers)
    return lines


def _alarms(items: list[Judged]) -> str:
    """Each alarm: the page, its expected outcome and the findings that fail its rule."""
    shown = [
        f"{j.case.path} ({j.case.expected}) [{'; '.join(f.key[:60] for f in j.rule_failed())}]"
        for j in items
    ]
    return "".join("\n      " + line for line in shown)


def _peer_lines(
    judged: list[Judged], failed: list[Judged], found: list[Judged], peers: dict[str, set[str]]
) -> list[str]:
    walked = {j.case.path for j in judged}
    failed_paths = {j.case.path for j in failed}
    lines = ["    peers on the same pages (found / expected failed):"]
    lines.append(f"      {'selfshop':28s} {len(found):4d} / {len(failed_paths)}")
    for tool, fails in sorted(peers.items(), key=lambda kv: -len(kv[1] & failed_paths)):
        lines.append(
            f"      {tool:28s} {len(fails & failed_paths & walked):4d} / {len(failed_paths)}"
        )
    return lines


def _per_rule(failed: list[Judged], peers: dict[str, set[str]]) -> list[str]:
    by_rule: dict[str, list[Judged]] = collections.defaultdict(list)
    for item in failed:
        by_rule[item.case.rule].append(item)
    axe = peers.get("axe-core", set())
    lines = [
        "    per rule: selfshop per rule / per criterion / axe-core / best peer, of failed cases"
    ]
    for rule, items in sorted(by_rule.items(), key=lambda kv: kv[1][0].case.rule_name):
        paths = {i.case.path for i in items}
        best = max((len(f & paths) for f in peers.values()), default=0)
        mine = sum(found_per_rule(i) for i in items)
        criterion = sum(found_per_criterion(i) for i in items)
        name = items[0].case.rule_name[:52]
        lines.append(
            f"      {rule} {name:52s} {mine:2d} / {criterion:2d} / {len(axe & paths):2d} / "
            f"{best:2d} of {len(items)}"
        )
    return lines


def _examples(items: list[Judged], *, with_keys: bool = False, limit: int = 8) -> str:
    if not items:
        return ""
    shown = []
    for item in items[:limit]:
        text = f"{item.case.path} ({item.verdict})"
        if with_keys:
            keys = sorted({f.key for f in item.findings if f.severity != "info"})[:3]
            text += f" [{'; '.join(keys)}]"
        shown.append(text)
    return "\n      " + "\n      ".join(shown)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--act-dir", type=Path, default=DEFAULT_ACT_DIR)
    parser.add_argument("--standards", type=Path, default=ROOT / "standards.yaml")
    parser.add_argument("--subset", type=int, default=0, help="only about this many cases")
    parser.add_argument("--rule", action="append", default=[], help="only this rule id")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100, help="journeys per audit")
    parser.add_argument("--json", type=Path, help="write every page's result here")
    parser.add_argument("--shard", help="walk only shard I of N (e.g. 2/3), to run several at once")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        help="summarise the --json files of shards instead of walking",
    )
    args = parser.parse_args(argv)
    if not (args.act_dir / "testcases.json").is_file():
        print(f"bench_act: no ACT test cases at {args.act_dir} (skipped)")
        return 0
    cases = load_cases(args.act_dir)
    if args.combine:
        figures = combined(args.combine, cases)
        for line in summarise(figures, peer_failures(args.act_dir)):
            print(line)
        return 0
    if args.rule:
        cases = [c for c in cases if c.rule in args.rule]
    if args.subset:
        cases = subset(cases, args.subset)
    if args.shard:
        index, _, count = args.shard.partition("/")
        cases = cases[int(index) - 1 :: int(count)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        standards = Path(tmp) / "standards.yaml"  # read once: editing it mid-run changes nothing
        standards.write_bytes(args.standards.read_bytes())
        figures = judge_all(cases, args.act_dir, standards, args.workers, args.batch)
    elapsed = time.perf_counter() - started
    for line in summarise(figures, peer_failures(args.act_dir)):
        print(line)
    print(f"walked and judged in {elapsed:.0f} s with --workers {args.workers}")
    if args.json:
        args.json.write_text(json.dumps(saved(figures), indent=1), encoding="utf-8")
    return 0


def saved(figures: Figures) -> dict[str, Any]:
    """Every page's result (and the clean pages' findings), as --json writes them."""
    return {
        "clean": {name: sorted(keys) for name, keys in figures.clean.items()},
        "pages": [
            {
                "path": j.case.path,
                "rule": j.case.rule,
                "expected": j.case.expected,
                "verdict": j.verdict,
                "score": j.score,
                "error": j.error,
                "shell": j.shell,
                "findings": [
                    {
                        "key": f.key,
                        "severity": f.severity,
                        "wcag_barrier": f.barrier,
                        "refs": f.refs,
                        "act_rules": f.act_rules,
                    }
                    for f in j.findings
                ],
            }
            for j in figures.judged
        ],
    }


def combined(files: list[Path], cases: list[Case]) -> Figures:
    """The figures of several shards' --json files, as if walked in one run."""
    by_path = {case.path: case for case in cases}
    figures = Figures()
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        figures.clean = {name: set(keys) for name, keys in data["clean"].items()}
        for page in data["pages"]:
            findings = [
                Seen(f["key"], f["severity"], f["wcag_barrier"], f["refs"], f.get("act_rules", []))
                for f in page["findings"]
            ]
            figures.judged.append(
                Judged(
                    case=by_path[page["path"]],
                    verdict=page["verdict"],
                    score=page["score"],
                    findings=findings,
                    shell=page["shell"],
                    error=page["error"],
                )
            )
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
