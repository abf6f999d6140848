"""The data layer: record model, loading, checking, saving, search and export.

Nothing in this package imports Textual, so it runs from a plain script or a test.
"""
