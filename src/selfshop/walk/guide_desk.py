"""The guide panel's other end: where the walk is, and the answers to the panel's requests.

`GuideDesk` is what both panels share: the browser guide (a laptop, with the site in a window
beside it: it adds the page capture) and the phone walk (the panel on a phone, no browser here).
It keeps what the leader answered on a step they went Back from, so nothing they typed is lost
when they come forward again, even if the panel page was reloaded.
"""

from __future__ import annotations

import asyncio
from typing import Any

from selfshop.errors import UsageError
from selfshop.models.evidence import StepEvidence
from selfshop.models.journey import Channel
from selfshop.models.standards import Standard
from selfshop.walk.expected import expected_of
from selfshop.walk.guide_panel.server import PHOTO_PATH, Reply
from selfshop.walk.guided import StepAnswer, WalkSession, applicable_standards, check_answer
from selfshop.walk.photos import store_photo


class GuideDesk:
    """Answers the panel for one walk: moves, drafts, photos and the state the panel shows."""

    def __init__(self, session: WalkSession, *, site_url: str | None = None) -> None:
        self.session = session
        self.index = session.next_index
        self.message = ""
        self.site_url = site_url  # a link the panel offers when the leader uses their own browser
        # Set when the walk is finished (or, in the browser guide, the site's window is closed).
        self.ended = asyncio.Event()
        self.drafts: dict[int, StepAnswer] = {}  # answers of steps left by Back, not yet saved
        self.photos: dict[int, list[str]] = {}  # photos taken on a step, stored, not yet saved

    async def handle(self, method: str, path: str, body: dict[str, Any]) -> Reply:
        try:
            if method == "GET" and path == "/api/state":
                return 200, self.state()
            if method == "POST" and path == "/api/step":
                return 200, await self._move(body)
            if method == "POST" and path == PHOTO_PATH:
                return 200, self._photo(body)
            return 404, {"error": "not found"}
        except (ValueError, UsageError) as error:  # an answer the walk cannot take
            return 400, {"error": str(error)}
        except Exception as error:  # the panel says what went wrong; saved steps stay saved
            return 500, {"error": f"{type(error).__name__}: {error}"}

    async def capture(self, index: int) -> StepEvidence | None:
        """The evidence of the page the leader is on; none when there is no browser here."""
        return None

    def dialog_note(self) -> str:
        """What the site did that the leader did not see (the browser guide says)."""
        return ""

    async def _move(self, body: dict[str, Any]) -> dict[str, Any]:
        index = body.get("index")
        if not isinstance(index, int) or index != self.index:
            raise ValueError(f"the panel is out of step (selfshop is at step {self.index + 1})")
        answer = answer_from_json(body.get("answer"))
        answer.stored = list(self.photos.get(index, []))
        direction = body.get("move")
        if direction == "next":
            first_visit = self.session.answered(index) is None
            wants_capture = first_visit or body.get("recapture") is True
            captured = await self.capture(index) if wants_capture else None
            self.session.record_step(index, answer, captured)
            self._forget(index)
            self.index += 1
            self.message = f"Saved step {index + 1}." + self.dialog_note()
            if self.index >= len(self.session.journey.steps):
                self.ended.set()
        elif direction == "back":
            if index == 0:
                raise ValueError("this is the first step")
            if self.session.answered(index) is not None:
                self.session.record_step(index, answer)  # a change on a step already saved
                self._forget(index)
            else:
                step = self.session.journey.steps[index]
                problems = check_answer(answer, step, self.session.standards)
                if problems:
                    raise ValueError("; ".join(problems))
                self.drafts[index] = answer  # offered again when the leader comes forward
            self.index -= 1
            self.message = ""
        else:
            raise ValueError("move must be 'next' or 'back'")
        return self.state()

    def _forget(self, index: int) -> None:
        self.drafts.pop(index, None)
        self.photos.pop(index, None)

    def _photo(self, body: dict[str, Any]) -> dict[str, Any]:
        index, data = body.get("index"), body.get("data")
        if index != self.index or not isinstance(data, bytes):
            raise ValueError(f"the panel is out of step (selfshop is at step {self.index + 1})")
        stored = store_photo(self.session.folder, index, data)
        self.photos.setdefault(index, []).append(stored)
        self.message = "Photo added: it is saved with this step when you press Next."
        return self.state()

    def state(self) -> dict[str, Any]:
        journey = self.session.journey
        finished = self.index >= len(journey.steps)
        payload: dict[str, Any] = {
            "journey": {"id": journey.id, "title": journey.title, "persona": journey.persona},
            "total": len(journey.steps),
            "index": self.index,
            "finished": finished,
            "message": self.message,
            "site_url": self.site_url,
            "standards": [
                _standard_payload(standard, journey.channel)
                for standard in applicable_standards(self.session.standards)
            ],
        }
        if finished:
            return payload
        step = journey.steps[self.index]
        saved = self.session.answered(self.index)
        rating = saved.guided[0] if saved and saved.guided else None
        draft = self.drafts.get(self.index)
        payload["step"] = {
            "name": step.name,
            "intent": step.intent,
            "ask": step.ask,
            "expected": [{"kind": e.kind, "text": e.text} for e in expected_of(step)],
            "measures": [{"id": m.id, "prompt": m.prompt, "unit": m.unit} for m in step.measure],
        }
        payload["captured_url"] = saved.url if saved else None
        if rating is not None:
            payload["answer"] = rating.model_dump(mode="json")
        elif draft is not None:
            payload["answer"] = draft.as_json()
        else:
            payload["answer"] = None
        kept = list(rating.attachments) if rating else []
        payload["photos"] = kept + self.photos.get(self.index, [])
        return payload


def _standard_payload(standard: Standard, channel: Channel) -> dict[str, Any]:
    low, high = standard.scale_on(channel)
    return {
        "id": standard.id,
        "title": standard.title,
        "behaviours": standard.behaviours,
        "questions": [q.text for q in standard.questions_on(channel)],
        "low": low,
        "high": high,
    }


def answer_from_json(raw: Any) -> StepAnswer:
    """The panel's answer, checked field by field before it reaches the walk."""
    if not isinstance(raw, dict):
        raise ValueError("an answer is required")
    ratings: dict[str, int | None] = {}
    for key, value in (raw.get("ratings") or {}).items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"rating for {key!r} must be 1-5 or not applicable")
        ratings[str(key)] = value
    measures: dict[str, float] = {}
    for key, value in (raw.get("measures") or {}).items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ValueError(f"measure {key!r} must be a number of zero or more")
        measures[str(key)] = float(value)
    notes = raw.get("notes") or ""
    if not isinstance(notes, str):
        raise ValueError("notes must be text")
    return StepAnswer(
        ratings=ratings, notes=notes, blocker=raw.get("blocker") is True, measures=measures
    )
