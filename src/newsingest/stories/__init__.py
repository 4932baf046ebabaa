"""Stories: articles about one event across outlets, placed by their terms within a time window."""
