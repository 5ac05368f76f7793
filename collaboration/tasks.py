from celery import shared_task


@shared_task
def read_reference_upload(upload_id: str) -> None:
    """Parse a kept BibTeX/RIS upload for its preview. Safe to run twice: a read upload is
    left alone."""
    from .publications import read_upload

    read_upload(upload_id=upload_id)


@shared_task
def forget_abandoned_reference_uploads() -> int:
    """Delete reference uploads left unconfirmed for a day. Safe to run twice."""
    from .publications import forget_abandoned_uploads

    return forget_abandoned_uploads()
