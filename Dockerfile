# The prakerja-dq image: the pipeline, its command line and the Prefect server, from this repository.
# Build: docker build -t prakerja-dq .   (docker compose builds it for every service)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    GX_ANALYTICS_ENABLED=false \
    DO_NOT_TRACK=1 \
    PRAKERJA_HOME=/data/warehouse

WORKDIR /app

# Dependencies first (pinned with hashes), so code changes do not reinstall them.
COPY requirements.lock ./
RUN UV_VERSION="$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.lock)" \
    && pip install --no-cache-dir "uv==${UV_VERSION}" \
    && uv pip sync --system --require-hashes requirements.lock

# The project, installed editable: src/prakerja_dq/settings.py finds sql/, seeds/ and expectations/ at the root.
COPY pyproject.toml README.md ./
COPY src ./src
COPY flows ./flows
COPY expectations ./expectations
COPY sql ./sql
COPY seeds ./seeds
RUN uv pip install --system --no-deps --editable . \
    && useradd --create-home --uid 1000 prakerja \
    && mkdir -p /data/warehouse \
    && chown -R prakerja:prakerja /data

USER prakerja
VOLUME ["/data/warehouse"]
CMD ["prakerja", "--help"]
