"""Validation helpers: what GX reads, how outcomes are counted, findings and quarantine as data.

The GX runner (``gx_runner``) runs the suites of ``expectations/`` through checkpoints; the Prefect flow that
ties the steps together is ``flows/validate_tables.py``.
"""
