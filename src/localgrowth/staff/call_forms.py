"""The forms of the funding call pages: saving a scenario and choosing two to compare."""

from __future__ import annotations

from typing import Any

from django import forms

from localgrowth.prioritisation.models import Objective, Scenario

from .forms import GovukForm

NAME_LENGTH = 200
NOTES_LENGTH = 10_000
LONGEST_TIME_LIMIT = 300


class ScenarioForm(GovukForm):
    """A scenario's name and settings: the objective and the candidates the board adds to must
    fund or to excluded, chosen from the call's candidates."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_LENGTH,
        error_messages={
            "required": "Enter a name for the scenario",
            "max_length": f"Name must be {NAME_LENGTH} characters or fewer",
        },
    )
    objective = forms.ChoiceField(
        label="Choose the portfolio by",
        choices=Objective.choices,
        error_messages={
            "required": "Select what to choose the portfolio by",
            "invalid_choice": "Select what to choose the portfolio by",
        },
    )
    also_must_fund = forms.MultipleChoiceField(
        label="Also must fund",
        required=False,
        error_messages={"invalid_choice": "Select must-fund candidates from the list"},
    )
    also_excluded = forms.MultipleChoiceField(
        label="Also exclude",
        required=False,
        error_messages={"invalid_choice": "Select excluded candidates from the list"},
    )
    time_limit = forms.FloatField(
        label="Time limit for each solve, in seconds",
        min_value=1,
        max_value=LONGEST_TIME_LIMIT,
        initial=10,
        error_messages={
            "required": "Enter a time limit in seconds, such as 10",
            "invalid": "Time limit must be a number of seconds, such as 10",
            "min_value": "Time limit must be at least 1 second",
            "max_value": f"Time limit must be {LONGEST_TIME_LIMIT} seconds or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_LENGTH,
        error_messages={"max_length": f"Notes must be {NOTES_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args: Any, references: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("also_must_fund", "also_excluded"):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = references

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        both = sorted(
            set(cleaned.get("also_must_fund", ())) & set(cleaned.get("also_excluded", ()))
        )
        if both:
            self.add_error(
                "also_excluded",
                f"A candidate cannot be both must fund and excluded: untick {', '.join(both)} "
                "in one of the lists",
            )
        return cleaned


class CompareForm(GovukForm):
    """Two of a call's saved scenarios."""

    first = forms.TypedChoiceField(
        label="First scenario",
        coerce=int,
        error_messages={
            "required": "Select the first scenario",
            "invalid_choice": "Select the first scenario from the list",
        },
    )
    second = forms.TypedChoiceField(
        label="Second scenario",
        coerce=int,
        error_messages={
            "required": "Select the second scenario",
            "invalid_choice": "Select the second scenario from the list",
        },
    )

    def __init__(self, *args: Any, scenarios: list[Scenario], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(one.pk), one.name) for one in scenarios]
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "Select a scenario"), *choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("first") is not None and cleaned.get("first") == cleaned.get("second"):
            self.add_error("second", "Select a different scenario to compare with the first")
        return cleaned
