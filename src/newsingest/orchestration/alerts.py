"""Alerting: a webhook notification block, an automation on failed or crashed flow runs, health alerts."""

from contextlib import suppress
from typing import Any, cast
from uuid import UUID

from prefect.automations import Automation, EventTrigger, Posture
from prefect.blocks.abstract import NotificationBlock
from prefect.blocks.core import Block
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.events.actions import SendNotification
from prefect.runtime import flow_run
from prefect.settings import PREFECT_UI_URL
from prefect.utilities.urls import url_for

BLOCK_NAME = "newsingest-alerts"
BLOCK_REF = f"custom-webhook/{BLOCK_NAME}"  # what the health flow sends its alerts through by default
AUTOMATION_NAME = "newsingest: flow run failed or crashed"
SUBJECT = "newsingest: {{ flow.name }} run {{ flow_run.name }} is {{ flow_run.state.name }}"
FAILED_EVENTS = {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}


def install_alerts(webhook_url: str) -> UUID:
    """Create or update the webhook block and the automation; return the automation's id.

    The health flow sends its own alerts (once per problem, reminders, recoveries) through the same block;
    this automation tells of runs that failed or crashed, the health flow's included.
    """
    block = CustomWebhookNotificationBlock(
        name=BLOCK_NAME,
        url=webhook_url,
        # Slack's incoming webhooks and most chat tools read a "text" field.
        json_data={"text": "{{subject}}\n{{body}}"},
        # The operator gives this URL (a chat or mail gateway may well sit on the private network); the SSRF
        # concern is URLs taken from crawled content, which never reach this block.
        allow_private_urls=True,
    )
    block_id = block.save(BLOCK_NAME, overwrite=True)
    with suppress(ValueError):  # ValueError: not created yet
        cast(Automation, Automation.read(name=AUTOMATION_NAME)).delete()  # setup again replaces it
    # create() is sync or async by context; called from sync code it returns the Automation.
    automation = cast(
        Automation,
        Automation(
            name=AUTOMATION_NAME,
            description="Notify when an ingest, backfill, reprocess or health run fails or crashes.",
            trigger=EventTrigger(
                expect=FAILED_EVENTS,
                match={"prefect.resource.id": "prefect.flow-run.*"},
                posture=Posture.Reactive,
                threshold=1,
            ),
            actions=[
                SendNotification(
                    block_document_id=block_id,
                    subject=SUBJECT,
                    body="{{ flow_run.state.message }}",
                )
            ],
        ).create(),
    )
    if automation.id is None:
        raise RuntimeError("the Prefect server did not return the automation's id")
    return UUID(str(automation.id))


def flow_run_link() -> str | None:
    """Return the current flow run's page in the Prefect UI, or None outside a run or without a UI."""
    run_id = flow_run.get_id()
    if not PREFECT_UI_URL.value() or run_id is None:
        return None
    return url_for("flow-run", obj_id=run_id)


def send_alert(block_ref: str | None, subject: str, body: str) -> bool:
    """Send through the notification block block_ref ("type-slug/name"); False when it is not saved.

    A block that exists but cannot deliver raises: the alert is then decided again by the next run.
    """
    if not block_ref:
        return False
    try:
        block = Block.load(block_ref)
    except ValueError:  # no such block: alerts were not set up (`newsingest setup --alerts-webhook`)
        return False
    if not isinstance(block, NotificationBlock):
        raise TypeError(f"block {block_ref} is a {type(block).__name__}, not a notification block")
    with block.raise_on_failure():
        # NotificationBlock declares notify async; the concrete blocks dispatch to a sync call here.
        notify = cast(Any, block).notify
        notify(body, subject)
    return True
