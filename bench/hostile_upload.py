"""Two hostile vCard uploads at once, and the login page meanwhile (issue 20, item 1).

gunicorn with two sync workers and a Celery worker (one process), production settings, on
loopback: two requests upload the issue's 6 MB card of folded NOTE lines at the same moment
while another client asks for the login page again and again. The uploads must answer at once
(the worker reads the file) and the login page must stay fast while the worker reads them.

    python -m bench.hostile_upload
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid

from bench.pages import ROOT, Gunicorn, get, login_cookie, p95, server_env

COMMAND = "python -m bench.hostile_upload"
CARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:F\r\nN:F;F;;;\r\nNOTE:x"
    + b"\r\n y" * 1_500_000
    + b"\r\nEND:VCARD\r\n"
)


def upload(port: int, cookie: str, seconds: list[float]) -> None:
    """GET the upload form for its CSRF token, then POST the card as a browser would."""
    form = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form.request("GET", "/contacts/import/", headers={"Cookie": cookie})
    answer = form.getresponse()
    body = answer.read()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    # The CSRF secret comes as a cookie (one Set-Cookie header among several).
    csrf = next(
        (c.split(";")[0] for c in answer.msg.get_all("Set-Cookie") or [] if "csrf" in c), ""
    )
    form.close()
    boundary = uuid.uuid4().hex
    payload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="hostile.vcf"\r\nContent-Type: text/vcard\r\n\r\n'
        ).encode()
        + CARD
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(
        "POST",
        "/contacts/import/",
        body=payload,
        headers={
            "Cookie": f"{cookie}; {csrf}" if csrf else cookie,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"http://127.0.0.1:{port}/contacts/import/",
        },
    )
    response = connection.getresponse()
    response.read()
    seconds.append(time.perf_counter() - started)
    assert response.status == 302, f"upload answered {response.status}"


def main() -> int:
    from bench.seed import ensure, lead_email, setup_django

    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django()
    ensure("small")
    from accounts.models import User

    name, key = login_cookie(User.objects.get(email=lead_email("small")))
    cookie = f"{name}={key}"
    env = server_env(os.environ["DJANGO_SECRET_KEY"])
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "netmed", "worker", "--concurrency", "1"]
        + ["--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        with Gunicorn(env, workers=2) as server:
            uploads: list[float] = []
            threads = [
                threading.Thread(target=upload, args=(server.port, cookie, uploads))
                for _ in range(2)
            ]
            for thread in threads:
                thread.start()
            logins = []
            deadline = time.monotonic() + 20  # while the worker reads both files
            while time.monotonic() < deadline:
                started = time.perf_counter()
                assert get(server.port, "/accounts/login/")[0] == 200
                logins.append((time.perf_counter() - started) * 1000)
                time.sleep(0.1)
            for thread in threads:
                thread.join()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"uploads answered in {', '.join(f'{s:.2f} s' for s in sorted(uploads))}")
    print(
        f"login page meanwhile: {len(logins)} requests, p50 {statistics.median(logins):.0f} ms, "
        f"p95 {p95(logins):.0f} ms, max {max(logins):.0f} ms"
    )
    print(f"command: {COMMAND}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
