"""The staff pages' forms: Django forms check what was sent; the templates draw GOV.UK markup.

Each field's HTML id is its name, so the error summary links straight to it. Error messages
follow the GOV.UK Design System: they say what to do, naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile

from localgrowth.domain import cells
from localgrowth.domain.returns import Quarter, parse_quarter
from localgrowth.projects.models import OutputType, Project
from localgrowth.returns.models import Return, ReturnStatus

UPLOAD_SUFFIXES = (".xlsx", ".csv")
LARGEST = Decimal("999999999999.99")
"""The largest figure the database keeps (14 digits, 2 of them decimal places)."""
REASON_LENGTH = 10_000
QUARTER_FORM = "Enter the quarter as its financial year and quarter, like 2019/20 Q3"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NEGATIVE = re.compile(r"[-−–]\s*£?\s*[\d.,]+")


def error_list(form: forms.Form, first_field: str = "") -> list[dict[str, str]]:
    """The GOV.UK error summary's items: one per message, in the order of the fields, each
    linking to its field; errors of the whole form link to ``first_field``."""
    items = []
    for name, errors in form.errors.items():
        target = first_field if name == NON_FIELD_ERRORS else form.add_prefix(name)
        for message in errors:
            items.append({"text": str(message), "href": f"#{target}" if target else ""})
    return items


def first_error(form: forms.Form, name: str) -> str:
    errors = form.errors.get(name)
    return str(errors[0]) if errors else ""


class GovukForm(forms.Form):
    """Ids are the fields' names (no ``id_`` prefix), so error summaries can link to them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# Monitoring returns ---------------------------------------------------------------------------


def quarter_choices() -> list[tuple[str, str]]:
    """The quarters that have returns, newest first, as "2019/20 Q3"."""
    found = (
        Return.objects.order_by("-financial_year", "-quarter")
        .values_list("financial_year", "quarter")
        .distinct()
    )
    labels = [f"{year} Q{number}" for year, number in found]
    return [(label, label) for label in dict.fromkeys(labels)]


class ReturnFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    quarter = forms.ChoiceField(
        label="Quarter",
        required=False,
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status: Any = self.fields["status"]
        status.choices = [("", "Any status"), *ReturnStatus.choices]
        quarter: Any = self.fields["quarter"]
        quarter.choices = [("", "Any quarter"), *quarter_choices()]

    def clean_quarter(self) -> Quarter | None:
        text = self.cleaned_data.get("quarter") or ""
        return parse_quarter(text) if text else None


class QuarterField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_length=20,
            error_messages={
                "required": "Enter the quarter, like 2019/20 Q3",
                "max_length": QUARTER_FORM,
            },
            **kwargs,
        )

    def clean(self, value: Any) -> Quarter:
        text = super().clean(value)
        try:
            return parse_quarter(text)
        except ValueError:
            raise forms.ValidationError(QUARTER_FORM) from None


class ProjectReferenceField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_length=40,
            error_messages={
                "required": "Enter the project's reference, like SELEP-001",
                "max_length": "Enter a project reference of 40 characters or fewer",
            },
            **kwargs,
        )

    def clean(self, value: Any) -> Project:
        text = super().clean(value)
        project = Project.objects.filter(reference__iexact=text).first()
        if project is None:
            raise forms.ValidationError(
                "There is no project with that reference: check it in the project register"
            )
        return project


class WorkbookForm(GovukForm):
    """The project and quarter of a return workbook to download. Its fields are prefixed
    (``workbook-reference``), as the list of returns has a quarter filter of its own."""

    prefix = "workbook"

    reference = ProjectReferenceField(label="Project reference")
    quarter = QuarterField(label="Quarter")


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Return workbook",
        error_messages={
            "required": "Select a return workbook",
            "empty": "The selected file is empty",
            "invalid": "Select a return workbook",
            "missing": "Select a return workbook",
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                "The selected file must be an Excel workbook (.xlsx) or a CSV file"
            )
        if not upload.size:
            raise forms.ValidationError("The selected file is empty")
        largest = settings.LOCALGROWTH_MAX_UPLOAD_BYTES
        if upload.size > largest:
            megabytes = f"{largest / (1024 * 1024):g}"
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes}MB")
        return upload


class SendBackForm(GovukForm):
    reason = forms.CharField(
        label="Why is the return being sent back?",
        max_length=REASON_LENGTH,
        error_messages={
            "required": "Enter why the return is being sent back, so the project can correct it",
            "max_length": f"The reason must be {REASON_LENGTH:,} characters or fewer",
        },
    )


# Change control -------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def spend_field_name(year: str) -> str:
    return f"spend-{_slug(year)}"


def output_field_name(code: str, period: str) -> str:
    return f"output-{_slug(code)}-{_slug(period) if period else 'whole-life'}"


def _clean_number(text: str, label: str, *, money: bool) -> Decimal:
    cleaned = text.strip()
    if money and cleaned.startswith("£"):
        cleaned = cleaned[1:].strip()
    cleaned = cleaned.replace(",", "")
    example = "like 1250000 or 1,250,000.50" if money else "like 250"
    kind = "an amount in pounds" if money else "a number"
    if _NEGATIVE.fullmatch(text.strip()):
        raise forms.ValidationError(f"{label} must be {'£0' if money else '0'} or more")
    if not _NUMBER.fullmatch(cleaned):
        raise forms.ValidationError(f"{label} must be {kind}, {example}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise forms.ValidationError(f"{label} must be {kind}, {example}") from None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise forms.ValidationError(f"{label} must have no more than 2 decimal places")
    if value > LARGEST:
        raise forms.ValidationError(f"{label} must be less than 1,000,000,000,000")
    return value.quantize(Decimal("0.01"))


class FigureField(forms.CharField):
    """An amount of money or an output figure: empty means none (the line is removed)."""

    def __init__(self, *, what: str, money: bool, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=40, **kwargs)
        self.what = what
        self.money = money
        self.error_messages["max_length"] = f"{what} must be a number of 40 characters or fewer"

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        return _clean_number(text, self.what, money=self.money)


class FinancialYearField(forms.CharField):
    def __init__(self, *, what: str, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=20, **kwargs)
        self.what = what
        self.error_messages["max_length"] = f"Enter {what} in the form 2019/20"

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return cells.parse_financial_year(text)
        except ValueError:
            raise forms.ValidationError(f"Enter {self.what} in the form 2019/20") from None


def _shown(value: Decimal) -> str:
    """A figure as typed: 2000000, 1250000.5 (no thousands separators, no needless zeros)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _period_label(period: str) -> str:
    return period or "the whole life"


class ProposeForm(GovukForm):
    """A proposed baseline: every current forecast as an editable figure, a new financial year
    of spend, a new output forecast, and the reason."""

    reason = forms.CharField(
        label="Reason for the change",
        max_length=REASON_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason for changing the baseline",
            "max_length": f"The reason must be {REASON_LENGTH:,} characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        spend: dict[str, Decimal],
        outputs: dict[tuple[str, str], Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current_spend = spend
        self.current_outputs = outputs
        self.types = {t.code: t for t in OutputType.objects.order_by("name")}
        self.spend_rows: list[tuple[str, str]] = []
        """(financial year, field name) of each current forecast year."""
        self.output_rows: list[tuple[str, str, str]] = []
        """(output type code, period, field name) of each current output forecast."""
        fields: dict[str, forms.Field] = {}
        for year in sorted(spend):
            name = spend_field_name(year)
            self.spend_rows.append((year, name))
            fields[name] = FigureField(
                label=f"Forecast spend in {year}",
                what=f"The forecast for {year}",
                money=True,
                initial=_shown(spend[year]),
            )
        fields["new-spend-year"] = FinancialYearField(
            label="Financial year", what="the new financial year"
        )
        fields["new-spend-amount"] = FigureField(
            label="Forecast spend", what="The new year's forecast", money=True
        )
        for code, period in sorted(outputs):
            name = output_field_name(code, period)
            self.output_rows.append((code, period, name))
            output_type = self.types.get(code)
            title = output_type.name if output_type else code
            fields[name] = FigureField(
                label=f"Forecast of {title.lower()} for {_period_label(period)}",
                what=f"The forecast of {title.lower()} for {_period_label(period)}",
                money=False,
                initial=_shown(outputs[(code, period)]),
            )
        fields["new-output-type"] = forms.ChoiceField(
            label="Output type",
            required=False,
            choices=[("", "Choose an output type"), *[(c, t.name) for c, t in self.types.items()]],
            error_messages={"invalid_choice": "Select an output type from the list"},
        )
        fields["new-output-period"] = FinancialYearField(
            label="Period", what="the period as a financial year"
        )
        fields["new-output-value"] = FigureField(
            label="Forecast", what="The new output forecast", money=False
        )
        reason = self.fields.pop("reason")
        self.fields.update(fields)
        self.fields["reason"] = reason
        self.spend: dict[str, Decimal | None] = {}
        self.outputs: dict[tuple[str, str], Decimal | None] = {}

    @property
    def first_field(self) -> str:
        return next(iter(self.fields))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sent = self.data
        spend: dict[str, Decimal | None] = {}
        outputs: dict[tuple[str, str], Decimal | None] = {}
        for year, name in self.spend_rows:
            if name in sent and name in data:  # a year added since the form was drawn stays
                spend[year] = data[name]
        for code, period, name in self.output_rows:
            if name in sent and name in data:
                outputs[(code, period)] = data[name]
        self._new_spend(data, spend)
        self._new_output(data, outputs)
        if not self.errors:
            changed = any(self.current_spend.get(k) != v for k, v in spend.items()) or any(
                self.current_outputs.get(k) != v for k, v in outputs.items()
            )
            if not changed:
                raise forms.ValidationError(
                    "Change at least one figure: the figures are the same as the current baseline"
                )
        self.spend, self.outputs = spend, outputs
        return data

    def _new_spend(self, data: dict[str, Any], spend: dict[str, Decimal | None]) -> None:
        year, amount = data.get("new-spend-year"), data.get("new-spend-amount")
        if "new-spend-year" not in data or "new-spend-amount" not in data:
            return  # already in error
        if year and amount is None:
            self.add_error("new-spend-amount", f"Enter the forecast spend for {year}")
        elif amount is not None and not year:
            self.add_error("new-spend-year", "Enter the financial year of the new forecast")
        elif year and year in self.current_spend:
            self.add_error(
                "new-spend-year",
                f"{year} is already in the spend profile: change its forecast in the table",
            )
        elif year:
            spend[year] = amount

    def _new_output(self, data: dict[str, Any], outputs: dict[tuple[str, str], Any]) -> None:
        names = ("new-output-type", "new-output-period", "new-output-value")
        if any(name not in data for name in names):
            return  # already in error
        code, period, value = (data[name] for name in names)
        if not code and not period and value is None:
            return
        if not code:
            self.add_error("new-output-type", "Select the output type of the new forecast")
        elif value is None:
            self.add_error("new-output-value", "Enter the new output forecast")
        elif (code, period) in self.current_outputs:
            self.add_error(
                "new-output-type",
                f"There is already a forecast of {self.types[code].name.lower()} for "
                f"{_period_label(period)}: change it in the table",
            )
        else:
            outputs[(code, period)] = value


class ProposeFindForm(GovukForm):
    reference = ProjectReferenceField(label="Project reference")


class ApproveChangeForm(GovukForm):
    note = forms.CharField(
        label="Note on the approval (optional)",
        required=False,
        max_length=REASON_LENGTH,
        error_messages={"max_length": f"The note must be {REASON_LENGTH:,} characters or fewer"},
    )


class RejectChangeForm(GovukForm):
    note = forms.CharField(
        label="Why is the change rejected?",
        max_length=REASON_LENGTH,
        error_messages={
            "required": "Enter why the change is rejected",
            "max_length": f"The note must be {REASON_LENGTH:,} characters or fewer",
        },
    )
