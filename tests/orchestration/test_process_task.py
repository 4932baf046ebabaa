"""The process task's Prefect retries wait at the pace of the database retries."""

from newsingest.orchestration.tasks import process_task
from newsingest.process.options import ProcessOptions


def test_the_retry_delays_are_2_and_10_backoffs() -> None:
    assert process_task(ProcessOptions()).retry_delay_seconds == [2.0, 10.0]
    quick = process_task(ProcessOptions(db_retry_backoff=0.05))
    assert quick.retries == 2 and quick.retry_delay_seconds == [0.1, 0.5]
