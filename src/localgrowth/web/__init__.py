"""The public site: GOV.UK Frontend layout, home page, strategy, accessibility and data pages."""
