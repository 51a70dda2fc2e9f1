# Anlaufstelle: one image for the web process (gunicorn) and the task worker (manage.py run_huey).
# UNTESTED: written without access to a container registry (docs/operations.md, "Container image").
#   docker build -t anlaufstelle .
#   docker compose up        # PostgreSQL, Redis, web, worker (compose.yaml)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    ANLAUFSTELLE_VAR_DIR=/var/lib/anlaufstelle \
    DJANGO_MEDIA_ROOT=/var/lib/anlaufstelle/media \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000

# WeasyPrint (PDF letters and certificates) needs Pango and HarfBuzz; fonts for the PDFs.
# For LDAP sign-in add libldap2-dev libsasl2-dev gcc and `pip install -r requirements-ldap.txt`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system anlaufstelle \
    && useradd --system --gid anlaufstelle --home-dir /app --shell /usr/sbin/nologin anlaufstelle

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY manage.py ./
COPY config ./config
COPY anlaufstelle ./anlaufstelle
COPY locale ./locale

# Static files are collected at build time (WhiteNoise serves them with hashed names); the secret is
# only a placeholder for this step, the real one comes from the environment at run time.
RUN DJANGO_SECRET_KEY=collectstatic-only TASKS_BACKEND=immediate \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /var/lib/anlaufstelle/media \
    && chown -R anlaufstelle:anlaufstelle /var/lib/anlaufstelle

USER anlaufstelle
EXPOSE 8000
VOLUME ["/var/lib/anlaufstelle"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'X-Forwarded-Proto': 'https'}), timeout=4)" || exit 1

# The web process; the worker runs the same image with `python manage.py run_huey`.
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
