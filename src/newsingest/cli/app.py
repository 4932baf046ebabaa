"""The Typer application: every command, and the module it lives in."""

import typer

from newsingest.cli import data, deploy, dev, ops, run

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # Tracebacks are for bugs: main() prints user mistakes and failed runs as one line.
    pretty_exceptions_enable=False,
    help="Scheduled scraping and ingestion of news.",
)
db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")
app.add_typer(db_app, name="db")

app.command()(dev.demo)
app.command()(run.run)
app.command()(run.backfill)
app.command()(run.reprocess)
app.command()(ops.status)
app.command()(ops.health)
app.command()(ops.failures)
app.command("retry-failures")(ops.retry_failures)
app.command("sources")(ops.list_sources)
app.command()(data.articles)
app.command()(data.show)
app.command()(data.stories)
app.command()(data.export)
app.command()(dev.extract)
app.command("eval")(dev.evaluate)
app.command()(deploy.deployments)
app.command()(deploy.setup)
app.command()(deploy.serve)
db_app.command("upgrade")(ops.db_upgrade)
app.command()(ops.prune)
