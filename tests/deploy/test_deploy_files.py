"""The compose file, the Kubernetes manifests and the Dockerfile, checked offline."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsingest.config import Settings

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
K8S = DEPLOY / "k8s"
DASK = K8S / "dask"  # an optional component of the base
TOP_LEVEL = {"version", "name", "services", "networks", "volumes", "configs", "secrets", "include"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
INTERPOLATION = re.compile(r"^\$\{[A-Z_]+:-\d+\}$")  # ${WORKERS:-2}


def app_env_names() -> set[str]:
    """NEWSINGEST_* names the application reads: Settings fields and names spelled out in its source."""
    names = {f"NEWSINGEST_{field.upper()}" for field in Settings.model_fields}
    for path in (ROOT / "src" / "newsingest").rglob("*.py"):
        names |= set(re.findall(r"NEWSINGEST_[A-Z_]+", path.read_text(encoding="utf-8")))
    return names


def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def env_names(environment: Any) -> set[str]:
    if isinstance(environment, dict):
        return set(environment)
    return {item.partition("=")[0] for item in environment or []}


def test_compose_file_has_the_structure_compose_requires() -> None:
    document = compose()
    assert {k for k in document if not k.startswith("x-")} <= TOP_LEVEL
    services: dict[str, dict[str, Any]] = document["services"]
    volumes = set(document.get("volumes") or {})
    for name, service in services.items():
        assert re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*", name), name
        assert "image" in service or "build" in service, name
        build = service.get("build")
        if build:
            context = (COMPOSE.parent / build["context"]).resolve()
            assert (context / build.get("dockerfile", "Dockerfile")).is_file(), name
        depends = service.get("depends_on") or []
        for dependency in depends:
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            if isinstance(depends, dict):
                assert depends[dependency]["condition"] in CONDITIONS
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (COMPOSE.parent / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in volumes, f"{name} mounts undeclared volume {source}"
        replicas = service.get("deploy", {}).get("replicas", 1)
        assert isinstance(replicas, int) or INTERPOLATION.match(replicas), name
        assert all(isinstance(p, str) for p in service.get("profiles", []))
        for key in ("entrypoint", "command"):
            assert isinstance(service.get(key, []), (list, str)), (name, key)


def test_compose_runs_postgres_prefect_on_postgres_and_several_workers() -> None:
    services = compose()["services"]
    server = services["prefect-server"]
    assert server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    assert server["depends_on"]["postgres"]["condition"] == "service_healthy"
    worker = services["worker"]
    assert worker["entrypoint"] + worker["command"][:3] == ["prefect", "worker", "start", "--pool"]
    assert worker["command"][3] == "newsingest" and "process" in worker["command"]
    assert INTERPOLATION.match(worker["deploy"]["replicas"])
    assert worker["environment"]["NEWSINGEST_DATABASE_URL"].startswith("postgresql+psycopg://")
    # The optional engines start only with their profile.
    assert {n for n, s in services.items() if s.get("profiles")} == {"dask-scheduler", "dask-worker", "redis"}
    # Prefect's database is created next to the article store by the init script.
    init = (DEPLOY / "compose" / "initdb.sql").read_text(encoding="utf-8")
    assert "CREATE DATABASE prefect" in init


def test_every_newsingest_variable_in_deploy_files_is_one_the_app_reads() -> None:
    known = app_env_names()
    services = compose()["services"]
    used = set().union(*(env_names(s.get("environment")) for s in services.values()))
    for path in K8S.rglob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            used |= set(re.findall(r"NEWSINGEST_[A-Z_]+", yaml.safe_dump(document)))
    newsingest = {name for name in used if name.startswith("NEWSINGEST_")}
    assert newsingest and newsingest <= known, newsingest - known


def kustomization(directory: Path) -> dict[str, Any]:
    document = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def k8s_documents(directory: Path = K8S) -> list[dict[str, Any]]:
    """Return the documents of the resources directory's kustomization lists (the base: deploy/k8s)."""
    documents = []
    for name in kustomization(directory)["resources"]:
        path = directory / name
        documents += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return documents


def containers(document: dict[str, Any]) -> list[dict[str, Any]]:
    spec = document.get("spec", {}).get("template", {}).get("spec", {})
    return list(spec.get("containers", []))


def test_k8s_manifests_have_kind_metadata_spec_and_valid_containers() -> None:
    documents = k8s_documents() + k8s_documents(DASK)
    kinds = {(d["apiVersion"], d["kind"]) for d in documents}
    assert {("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "Secret"), ("batch/v1", "Job")} <= kinds
    secrets = {d["metadata"]["name"]: set(d["stringData"]) for d in documents if d["kind"] == "Secret"}
    for document in documents:
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", document["metadata"]["name"])
        if document["kind"] == "Deployment":
            selector = document["spec"]["selector"]["matchLabels"]
            labels = document["spec"]["template"]["metadata"]["labels"]
            assert selector.items() <= labels.items(), document["metadata"]["name"]
        for container in containers(document):
            assert container["name"] and container["image"] == "newsingest"
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                assert ("value" in env) != (ref is not None), env["name"]
                if ref:
                    assert ref["key"] in secrets[ref["name"]], env["name"]
    workers = next(d for d in documents if d["metadata"]["name"] == "newsingest-worker")
    assert workers["spec"]["replicas"] >= 2
    assert containers(workers)[0]["command"][:3] == ["prefect", "worker", "start"]


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kustomize_renders_every_manifest_offline() -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert len(rendered) == len(k8s_documents())
    assert all(d["metadata"].get("namespace") == "newsingest" for d in rendered if d["kind"] != "Namespace")


def by_kind_and_name(documents: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): d for d in documents}


def test_the_dask_component_runs_a_scheduler_behind_a_service_and_workers_the_prefect_workers_reach() -> None:
    component = kustomization(DASK)
    assert (component["apiVersion"], component["kind"]) == ("kustomize.config.k8s.io/v1alpha1", "Component")
    documents = by_kind_and_name(k8s_documents(DASK))
    assert set(documents) == {
        ("Deployment", "dask-scheduler"),
        ("Service", "dask-scheduler"),
        ("Deployment", "dask-worker"),
    }
    scheduler = documents["Deployment", "dask-scheduler"]
    (container,) = containers(scheduler)
    assert container["command"][:2] == ["dask", "scheduler"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"scheduler": 8786, "dashboard": 8787}
    service = documents["Service", "dask-scheduler"]
    assert service["spec"]["selector"].items() <= scheduler["spec"]["template"]["metadata"]["labels"].items()
    assert {(p["port"], ports[p["targetPort"]]) for p in service["spec"]["ports"]} == {
        (8786, 8786),
        (8787, 8787),
    }
    address = f"tcp://{service['metadata']['name']}:8786"
    (worker,) = containers(documents["Deployment", "dask-worker"])
    assert worker["command"][:3] == ["dask", "worker", address]
    assert {"name": "PREFECT_API_URL", "value": "http://prefect-server:4200/api"} in worker["env"]
    # The patch adds the scheduler's address to the Prefect workers' container of deploy/k8s/worker.yaml.
    (patch,) = component["patches"]
    patched = yaml.safe_load((DASK / patch["path"]).read_text(encoding="utf-8"))
    base = by_kind_and_name(k8s_documents())[patched["kind"], patched["metadata"]["name"]]
    (added,) = containers(patched)
    assert added["name"] in {c["name"] for c in containers(base)}
    assert added["env"] == [{"name": "NEWSINGEST_DASK_ADDRESS", "value": address}]
    # Off unless asked for: the base names it in a comment an operator uncomments.
    text = (K8S / "kustomization.yaml").read_text(encoding="utf-8")
    assert "components" not in kustomization(K8S) and "# components:\n#   - dask\n" in text


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kustomize_renders_the_base_with_the_dask_component_turned_on(tmp_path: Path) -> None:
    base = shutil.copytree(K8S, tmp_path / "k8s")
    text = (base / "kustomization.yaml").read_text(encoding="utf-8")
    (base / "kustomization.yaml").write_text(
        text.replace("# components:\n#   - dask\n", "components:\n  - dask\n"), encoding="utf-8"
    )
    result = subprocess.run(
        ["kubectl", "kustomize", str(base)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    rendered = by_kind_and_name([d for d in yaml.safe_load_all(result.stdout) if d])
    assert len(rendered) == len(k8s_documents()) + len(k8s_documents(DASK))
    assert all(
        d["metadata"].get("namespace") == "newsingest" for d in rendered.values() if d["kind"] != "Namespace"
    )
    for name in ("dask-scheduler", "dask-worker", "newsingest-worker"):
        assert containers(rendered["Deployment", name])[0]["image"] == "newsingest:latest", name
    env = containers(rendered["Deployment", "newsingest-worker"])[0]["env"]
    assert {"name": "NEWSINGEST_DASK_ADDRESS", "value": "tcp://dask-scheduler:8786"} in env
    assert any(e["name"] == "NEWSINGEST_DATABASE_URL" for e in env)  # merged into, not replacing, the env


def test_dockerfile_installs_the_package_non_editable_and_runs_newsingest() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    install = [line for line in lines if line.startswith("RUN pip install")]
    assert install and "-e" not in install[0].split() and "--editable" not in install[0]
    assert install[0].split()[3].strip('"').startswith(".")  # the package at the build context's root
    assert 'ENTRYPOINT ["newsingest"]' in lines
    copied = {line.split()[1] for line in lines if line.startswith("COPY")}
    assert {"pyproject.toml", "src", "flows", "deploy"} <= copied
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git"} <= set(ignored) and not {"src", "flows", "deploy"} & set(ignored)


def test_the_heartbeat_automation_is_one_prefect_accepts() -> None:
    from prefect.events.schemas.automations import AutomationCore

    automations = yaml.safe_load((DEPLOY / "automations.yaml").read_text(encoding="utf-8"))["automations"]
    crash = AutomationCore.model_validate(next(a for a in automations if "heartbeat" in a["description"]))
    assert crash.trigger.within.total_seconds() == 90  # type: ignore[union-attr]
    assert crash.actions[0].type == "change-flow-run-state"
