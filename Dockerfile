# Production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 netmed
COPY pyproject.toml README.md ./
COPY netmed ./netmed
COPY core ./core
COPY accounts ./accounts
COPY contacts ./contacts
COPY events ./events
COPY mentorship ./mentorship
COPY reminders ./reminders
COPY collaboration ./collaboration
COPY cpd ./cpd
COPY sync ./sync
COPY inbound ./inbound
# The runtime dependencies only: the embedded development servers (extra "embedded") stay out.
RUN pip install .
COPY . .
# collectstatic needs settings to load; these throwaway values are never used at run time.
RUN DJANGO_SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64) \
    DATABASE_URL=postgres://build/none REDIS_URL=redis://build:6379/0 \
    python manage.py collectstatic --no-input
USER netmed
EXPOSE 8000
CMD ["gunicorn", "netmed.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
