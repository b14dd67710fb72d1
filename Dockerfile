# Mijlpaal's reference image: `mijlpaal production` (gunicorn + whitenoise) as a non-root user.
# docs/deploy.md says how to run it with compose.yaml, and the same without Docker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/mijlpaal/bin:$PATH \
    TZ=Europe/Amsterdam \
    MIJLPAAL_PRODUCTION=1 \
    MIJLPAAL_DATA_DIR=/data \
    STATIC_ROOT=/opt/mijlpaal/static

# libcairo2 for the Gantt chart as PDF (cairosvg).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcairo2 \
    && rm -rf /var/lib/apt/lists/*

# The pinned dependencies first, each checked against its hash: a change to the code alone
# reuses this layer.
COPY requirements.txt /src/requirements.txt
RUN python -m venv /opt/mijlpaal \
    && /opt/mijlpaal/bin/pip install --require-hashes -r /src/requirements.txt

COPY pyproject.toml README.md /src/
COPY src /src/src
RUN /opt/mijlpaal/bin/pip install --no-deps --no-build-isolation /src \
    && rm -rf /src

RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home mijlpaal \
    && mkdir -p /data /opt/mijlpaal/static \
    && chown mijlpaal:mijlpaal /data /opt/mijlpaal/static
USER mijlpaal
WORKDIR /data
VOLUME /data

EXPOSE 8000
# /healthz answers 503 only when the database is away. The Host header must be an allowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request as u; \
host = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('*.') or 'localhost'; \
u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"

CMD ["mijlpaal", "production", "--bind", "0.0.0.0:8000"]
