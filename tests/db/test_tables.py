"""The mapped classes mirror the Core tables they are built over: every column, typed as nullable or not."""

import types
from typing import Any, get_args, get_origin

import pytest
from sqlalchemy.orm import Mapped

from newsingest.db import models, tables

MAPPED = [models.__dict__[name] for name in models.__all__ if name not in ("Base", "table_of")]


def annotated_columns(cls: type[models.Base]) -> dict[str, Any]:
    """Return the Mapped[...] annotations of cls, by attribute name, in order."""
    return {
        name: get_args(hint)[0]
        for name, hint in vars(cls)["__annotations__"].items()
        if get_origin(hint) is Mapped
    }


def optional(hint: Any) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in get_args(hint)


@pytest.mark.parametrize("cls", MAPPED, ids=lambda cls: cls.__name__)
def test_each_class_annotates_every_column_of_its_table_and_its_nullability(cls: type[models.Base]) -> None:
    table = models.table_of(cls)
    assert table.metadata is tables.metadata and tables.metadata.tables[table.name] is table
    annotated = annotated_columns(cls)
    assert list(annotated) == [column.key for column in table.columns]
    assert {name: optional(hint) for name, hint in annotated.items()} == {
        column.key: column.nullable for column in table.columns
    }


def test_every_table_has_a_mapped_class() -> None:
    assert {models.table_of(cls).name for cls in MAPPED} == set(tables.metadata.tables)
