from celery import shared_task

from backend.crew.notices import reader_notices_retry, reader_notices_send


@shared_task(name="crew.reader_notices_send", acks_late=True, ignore_result=True)
def reader_notices_send_task(ids: list[int]) -> None:
    """Send readers' notices off the request that made them; a failed channel is retried by the beat below."""
    reader_notices_send(ids=ids)


@shared_task(name="crew.reader_notices_retry", ignore_result=True)
def reader_notices_retry_task() -> int:
    return reader_notices_retry()
