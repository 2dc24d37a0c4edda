"""prakerja-dq: Kartu Prakerja figures from Indonesian news, validated before they are published.

The library: settings, the figure contract, the warehouse, text reading, extraction, validation helpers,
the report, the synthetic corpus, the command line and the benchmark. Importing it has no side effects;
entry points call ``prakerja_dq.runtime.configure_runtime()`` before they import Prefect or GX.
"""
