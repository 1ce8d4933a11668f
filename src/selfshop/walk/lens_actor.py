"""What the lenses that use targets their own way share (keyboard, screen reader): the page,
the action time limit, the notes they take, and how they say their customer is stuck."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Page

from selfshop.models.evidence import LensNote
from selfshop.walk.actions import ActionFailed


@dataclass
class LensActor:
    page: Page
    action_ms: int
    notes: list[LensNote] = field(default_factory=list)

    def stuck(self, lens: str, kind: str, message: str, selector: str | None) -> ActionFailed:
        """The customer cannot go on: noted (a blocker), and the action's failure to raise."""
        self.notes.append(
            LensNote(lens=lens, kind=kind, message=message, selector=selector, blocker=True)
        )
        return ActionFailed(message)
