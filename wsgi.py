"""The WSGI entry point for production servers: `gunicorn wsgi:app`."""

from spark import create_app

app = create_app()
