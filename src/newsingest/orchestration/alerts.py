"""Alerting: a webhook notification block and an automation firing on failed or crashed flow runs."""

from contextlib import suppress
from typing import cast
from uuid import UUID

from prefect.automations import Automation, EventTrigger, Posture
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.events.actions import SendNotification

BLOCK_NAME = "newsingest-alerts"
AUTOMATION_NAME = "newsingest: flow run failed or crashed"
SUBJECT = "newsingest: {{ flow.name }} run {{ flow_run.name }} is {{ flow_run.state.name }}"
FAILED_EVENTS = {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}


def install_alerts(webhook_url: str) -> UUID:
    """Create or update the webhook block and the automation; return the automation's id.

    The health flow fails its run when a source is unhealthy, so this one automation covers it too.
    """
    block = CustomWebhookNotificationBlock(
        name=BLOCK_NAME,
        url=webhook_url,
        # Slack's incoming webhooks and most chat tools read a "text" field.
        json_data={"text": "{{subject}}\n{{body}}"},
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
