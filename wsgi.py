"""The WSGI entry point for production servers: ``gunicorn 'wsgi:app'``."""

from analysis.safeguarding import screen
from app import create_app

app = create_app()

# Load the safeguarding rules now, so the first child to answer does not wait for them.
screen("warm up", "en")
