"""Why a figure of the evidence base is not shown, in words for a page: the refusal's reason,
with places named rather than coded. The exceptions' own messages (with codes) stay for logs
and the command line."""

from __future__ import annotations

import re

from localgrowth.domain.evidence.errors import (
    EvidenceError,
    IncompleteDataError,
    NotAggregableError,
)
from localgrowth.places.models import Area

GSS_CODE = re.compile(r"^[ENSWK]\d{8}$")
NAMED = 5
"""How many places a sentence names."""


def _listed(names: list[str]) -> str:
    shown = names[:NAMED]
    more = len(names) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return " and ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else shown[0]


def place_names(codes: tuple[str, ...]) -> list[str]:
    found = dict(
        Area.objects.filter(code__in=codes, valid_to__isnull=True).values_list("code", "name")
    )
    return sorted(found.get(code, code) for code in codes)


def in_words(error: EvidenceError) -> str:
    if isinstance(error, NotAggregableError):
        reason = error.reason.rstrip(".")
        return f"Not given: it cannot be aggregated from the districts' values. {reason}."
    if isinstance(error, IncompleteDataError):
        missing = error.missing
        if missing and all(GSS_CODE.match(code) for code in missing):
            count = len(missing)
            places = (
                "district it is made from has" if count == 1 else "districts it is made from have"
            )
            return (
                f"Not given: {count} of the {places} no value for this period "
                f"({_listed(place_names(missing))})."
            )
        if missing and all(code.isdigit() for code in missing):
            return f"No trend: there is no value for {_listed(list(missing))}."
    return str(error)
