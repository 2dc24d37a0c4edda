"""Subcommands of the ``prakerja`` command line, one module each."""
