"""Cleaning after extraction: promo and call-to-action lines, repeated captions, normalisation."""

from newsingest.clean.lines import CleanResult, PageContext, clean_lines
from newsingest.clean.normalize import normalize_line, normalize_text

__all__ = ["CleanResult", "PageContext", "clean_lines", "normalize_line", "normalize_text"]
