# Image for web (gunicorn), worker and beat (celery); see docker-compose.yml.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint's system libraries and a font (PDF cards and reports).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

# Dependencies first (cached while only code changes): pyproject's runtime
# requirements, pinned by requirements.lock. The project itself is not a package.
COPY pyproject.toml requirements.lock ./
COPY scripts/deps.py scripts/deps.py
RUN python scripts/deps.py reqs > /tmp/requirements.txt \
    && pip install -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --chown=app:app . .
RUN mkdir -p /app/staticfiles /data/media \
    && chown app:app /app/staticfiles /data/media

USER app
ENV MEDIA_ROOT=/data/media
EXPOSE 8000
# Workers, port and the access log format: gunicorn.conf.py.
CMD ["gunicorn", "materielehulp.wsgi"]
