"""Faults survived, with nothing lost: real processes (gunicorn, Celery workers and beat, Redis,
the database) hit by real faults (SIGKILL, a Redis stopped or hanging, a database connection
dropped), and checked from the outside: HTTP answers, rows in the database, requests that reached
the outside world."""
