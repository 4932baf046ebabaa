"""newsingest: scheduled scraping and ingestion of news sites into a database."""

__version__ = "0.1.0"
