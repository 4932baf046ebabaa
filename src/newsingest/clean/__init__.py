"""Cleaning after extraction: promo and call-to-action lines, repeated captions, normalisation."""

from newsingest.clean.lines import CleanResult, PageContext, clean_lines
from newsingest.clean.normalize import normalize_line, normalize_text
from newsingest.clean.words import count_words

__all__ = ["CleanResult", "PageContext", "clean_lines", "count_words", "normalize_line", "normalize_text"]
