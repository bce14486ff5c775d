import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each web process (gunicorn worker, runserver) loads the matching model and index as it
# starts, not in its first request that matches.
from claims.matching.services import warm_in_background  # noqa: E402 - needs the apps loaded

warm_in_background()
