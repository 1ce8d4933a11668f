"""A step's `do:` in a leader's words: what to do, then what they should see; no typed values."""

from __future__ import annotations

from selfshop.models.journey import Step
from selfshop.walk.expected import expected_of


def test_a_steps_actions_read_as_a_person_would_say_them() -> None:
    step = Step.model_validate(
        {
            "name": "Pay",
            "do": [
                {"click": {"role": "link", "name": "Gifts"}},
                {"select": {"label": "Price", "option": "Under £30"}},
                {"fill": {"label": "Email", "value": "sam@example.com"}},
                {"wait_for": {"seconds": 1}},
                {"press": {"key": "Enter"}},
                {"expect": {"url": "/gifts"}},
                {"expect": {"visible": {"role": "heading", "name": "Thank you"}}},
            ],
        }
    )
    lines = [(e.kind, e.text) for e in expected_of(step)]
    assert lines == [
        ("do", "Click the link “Gifts”"),
        ("do", "Choose “Under £30” in “Price”"),
        ("do", "Fill in “Email”"),
        ("do", "Press Enter"),
        ("see", "You are at /gifts"),
        ("see", "You see the heading “Thank you”"),
    ]
    assert not any("sam@example.com" in text for _, text in lines)  # a person types their own


def test_a_step_without_actions_expects_nothing() -> None:
    assert expected_of(Step(name="Call the help line")) == []
