"""The warehouse tables validation reads and routes findings through."""

ARTICLE_TABLE = "staging.articles"
FIGURE_TABLE = "staging.figures"
BOUNDS_TABLE = "intermediate.figure_bounds"
LIST_COLUMNS: tuple[str, ...] = ("figure_ids", "article_ids", "outlets", "evidence")
