"""`newsingest serve` builds a runner deployment for every deployment spec."""

from pathlib import Path

import newsingest
from newsingest.deployments import deployment_specs
from newsingest.prefect_admin import runner_deployments
from newsingest.sources import load_sources


def test_every_deployment_spec_has_a_flow_to_serve() -> None:
    sources = load_sources(Path(newsingest.__file__).with_name("sources.yaml"))
    served = runner_deployments(sources)
    specs = deployment_specs(sources)
    assert [d.name for d in served] == [s.name for s in specs]
    assert {d.flow_name for d in served} == {s.flow for s in specs}
