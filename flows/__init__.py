"""Prefect flows and tasks of the pipeline, one flow per file; the library they call is ``prakerja_dq``."""
