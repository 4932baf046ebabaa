# One image for every newsingest process: the Prefect server, the workers and one-off commands.
#   docker build -t newsingest .
#   docker run --rm newsingest --help
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    PREFECT_RUNNER_HEARTBEAT_FREQUENCY=30

WORKDIR /app

# Optional extras, comma-separated: `--build-arg EXTRAS=dask` for the Dask scheduler and workers.
ARG EXTRAS=""

# The package, installed (not editable): the image needs no checkout to run newsingest.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install ".${EXTRAS:+[$EXTRAS]}" && rm -rf src build

# Deployment entrypoints (flows/*.py) and deploy/prefect.yaml: workers start flow runs from /app.
COPY flows ./flows
COPY deploy ./deploy

RUN useradd --create-home --uid 10001 newsingest
USER newsingest

ENTRYPOINT ["newsingest"]
CMD ["--help"]
