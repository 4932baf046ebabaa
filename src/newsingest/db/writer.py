"""The loader's exclusive section: one loader at a time, so ids can be handed out before inserting."""

from sqlalchemy import Connection, Table, func, select, text

# pg_advisory_xact_lock key of the loader ("news" in ASCII); held until the transaction ends.
LOADER_LOCK_KEY = 0x6E657773


def take_loader_lock(conn: Connection) -> None:
    """Wait until no other loader's transaction is open, and hold that until this one ends."""
    # SQLite needs nothing more: the loader runs in engine.begin(), which begins IMMEDIATE and so holds
    # the write lock (db.engine).
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOADER_LOCK_KEY})


def _sequence_of(conn: Connection, table: Table) -> str:
    """Return the name of the sequence behind table's id, looked up once per pooled connection."""
    names: dict[str, str] = conn.info.setdefault("newsingest_id_sequences", {})
    if table.name not in names:
        names[table.name] = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
    return names[table.name]


def allocate_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """Return count new primary keys of table, ascending; the loader lock must be held."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        # The column's own sequence, as its default would use it: other writers never collide.
        sequence = _sequence_of(conn, table)
        drawn = conn.execute(select(func.nextval(sequence)).select_from(func.generate_series(1, count)))
        return sorted(int(value) for value in drawn.scalars())
    # SQLite gives a new row max(id) + 1; with the write lock held nobody else can take those ids.
    highest = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(int(highest) + 1, int(highest) + 1 + count))
