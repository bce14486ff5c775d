"""The production settings plus one URL: the benchmarks' bare view (benchmarks/urls.py), the
baseline every load figure is compared with. Everything else comes from the same environment
variables as production; `check --deploy` runs against this module too."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
