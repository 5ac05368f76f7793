from . import digest


def dispatcher_status(request):
    """For staff only: whether the digest dispatcher has stopped running (a banner warns)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not user.is_staff:
        return {}
    run = digest.last_run()
    return {"digest_dispatcher_stale": digest.is_stale(), "digest_dispatcher_last_run": run}
