"""The warehouse tables validation reads and routes findings through."""

ARTICLE_TABLE = "staging.articles"
FIGURE_TABLE = "staging.figures"
BOUNDS_TABLE = "intermediate.figure_bounds"
LIST_COLUMNS: tuple[str, ...] = ("figure_ids", "article_ids", "outlets", "evidence")
NULL_KEY = "<null key>"  # the instance key of a finding about a row without a key
CANDIDATES = "candidate_rows"  # (suite, key, row_hash, decided) of the rows GX may read, from ``changes``
CHANGED_KEYS = "changed_keys"  # the (suite, key) a run validates again, registered from ``changes.Changes``


def changed_condition(key: str, suite: str) -> str:
    """SQL true on the rows of ``suite``'s table a run validates again (keys in ``CHANGED_KEYS``, or none)."""
    name = suite.replace("'", "''")
    changed = f"select key from {CHANGED_KEYS} where suite = '{name}'"
    return f'("{key}" is null or cast("{key}" as varchar) in ({changed}))'
