"""Tests of the public pages (localgrowth.web)."""
