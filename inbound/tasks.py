"""Reading inbound mail in the background. The task takes the stored message's id and claims it
(``inbound.receiving.read_stored``), so a retry or a second worker reads nothing twice."""

from celery import shared_task

from . import receiving, retention


@shared_task
def read_inbound_message(message_id: str) -> str:
    """Read one stored inbound message; its status afterwards ("" if it was already read)."""
    message = receiving.read_stored(message_id)
    return message.status if message is not None else ""


@shared_task
def forget_read_raw_messages() -> int:
    """Beat, daily: empty the raw text of messages read before the retention window."""
    return retention.forget_read_raw_messages()
