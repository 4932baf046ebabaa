"""Fixtures for the synthetic site: a served N=300 site per test."""

from collections.abc import Iterator

import pytest

from sitegen import SiteSpec, SyntheticSite


@pytest.fixture
def site() -> Iterator[SyntheticSite]:
    """Serve a 300-article site over 2020–2022 on a free loopback port."""
    with SyntheticSite(SiteSpec(300, seed=7)) as served:
        yield served
