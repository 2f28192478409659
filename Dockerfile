# The production image: gunicorn web, Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=lobmatch.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 lobmatch

WORKDIR /app
COPY pyproject.toml README.md ./
COPY lobmatch ./lobmatch
COPY ambassadors ./ambassadors
COPY partners ./partners
COPY trajectories ./trajectories
COPY demo ./demo
COPY tests ./tests
COPY bench ./bench
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py ./
RUN pip install -e . \
 && SECRET_KEY=build-only-$(python -c 'import secrets; print(secrets.token_hex(32))') ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/media && chown -R lobmatch /app/media

USER lobmatch
EXPOSE 8000
CMD ["gunicorn", "lobmatch.wsgi:application", "--preload", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
