import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each web process (gunicorn worker, runserver) loads the matching model and index as it
# starts, not in its first request that matches.
from django.conf import settings  # noqa: E402 - after the settings module is chosen

if settings.MATCHING_WARM:
    from claims.matching.services import warm_in_background

    warm_in_background()
