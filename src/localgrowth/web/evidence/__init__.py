"""The evidence pages: the evidence base (``index``), the indicator explorer (``explorer``,
with its charts in ``explorer_charts``), an area's profile and scorecard (``profile``) and
its sector strengths (``strengths``); ``common`` holds what they share.
"""
