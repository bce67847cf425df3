"""The computations of the evidence base: what official local indicators say about a place.

Pure Python (numpy for the neighbours), no Django, no storage: values come in as mappings of
area or industry codes to numbers and results go out as frozen dataclasses.

- ``aggregation``: district values rolled up to a larger area, by the indicator's rule — a sum
  for counts, a ratio recomputed from the summed numerator and denominator, or refused with
  the reason — and refused when any district lacks a value.
- ``benchmarks``: the gap to England, the region and similar places; rank and quintile among
  all districts; a polarity-aware red, amber or green status.
- ``significance``: whether a value differs from its comparator, by its confidence interval.
- ``trends``: change and compound annual growth since a base year.
- ``sectors``: location quotients, shift-share decomposition of growth and distinctive sector
  strengths.
- ``neighbours``: statistical nearest neighbours from standardised indicators.
- ``polarity``: which direction of an indicator is better; ``values`` and ``errors`` are the
  shared number handling and exceptions.
"""
