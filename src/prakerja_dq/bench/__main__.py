"""``python -m prakerja_dq.bench``: the benchmark's private entry points, run in fresh processes."""

import sys

from prakerja_dq.bench.extract import main

if __name__ == "__main__":
    sys.exit(main())
