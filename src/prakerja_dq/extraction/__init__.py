"""Figure extraction: Indonesian news text in, figure records, date mentions and article metadata out."""

from prakerja_dq.extraction.extractor import Extraction, extract_articles, extract_files

__all__ = ["Extraction", "extract_articles", "extract_files"]
