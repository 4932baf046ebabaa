"""Database: typed models, engines, migrations and the idempotent loader."""
