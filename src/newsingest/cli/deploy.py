"""Commands for scheduled operation with a Prefect server: deployments, setup, serve."""

from pathlib import Path

import typer

from newsingest.cli.args import configured_sources
from newsingest.cli.database import upgraded_database


def deployments(
    output: Path = typer.Option(Path("deploy/prefect.yaml"), help="Where to write the deployments file."),
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
) -> None:
    """Write deploy/prefect.yaml from sources.yaml (one scheduled ingest per enabled source)."""
    from newsingest.deployments import render_prefect_yaml
    from newsingest.errors import NewsingestError

    text = render_prefect_yaml(configured_sources(sources_file))
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NewsingestError(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {output}")


def setup(
    alerts_webhook: str = typer.Option(
        None,
        envvar="NEWSINGEST_ALERT_WEBHOOK_URL",
        help="Webhook (Slack incoming webhook, chat or mail gateway) told when a flow run fails or crashes.",
    ),
) -> None:
    """Create the work pool, concurrency limits and (given a webhook) the failure alert; needs a server."""
    from newsingest.deployments import WORK_POOL
    from newsingest.orchestration.limits import ensure_limits
    from newsingest.prefect_admin import ensure_work_pool, require_server

    sources = configured_sources()
    url = require_server()
    upgraded_database()
    created = ensure_work_pool()
    typer.echo(f"{'created' if created else 'found'} work pool {WORK_POOL} (process) on {url}")
    limits = ensure_limits(sources)
    typer.echo(f"concurrency limits created: {', '.join(limits) or 'none (all present)'}")
    if alerts_webhook:
        from newsingest.orchestration.alerts import install_alerts

        install_alerts(alerts_webhook)
        typer.echo("alert automation installed: failed or crashed flow runs notify the webhook")


def serve() -> None:
    """Serve every deployment (schedules included) from this process, for a single box (needs a server)."""
    from newsingest.prefect_env import apply_prefect_defaults

    apply_prefect_defaults()  # the runs it starts inherit them (their heartbeats among them)
    from prefect import serve as prefect_serve

    from newsingest.orchestration.limits import ensure_limits
    from newsingest.prefect_admin import require_server, runner_deployments

    sources = configured_sources()
    url = require_server()
    upgraded_database()
    ensure_limits(sources)
    runners = runner_deployments(sources)
    typer.echo(f"serving {len(runners)} deployments against {url}")
    prefect_serve(*runners)
