from django.apps import AppConfig


class FoundationConfig(AppConfig):
    """What every part of the desk leans on and no domain owns: request plumbing (middleware,
    error pages, htmx rules), the resilient cache and broker breaker, sending background work,
    the permission-caching auth backend, the form renderer, the health check."""

    name = "foundation"
    verbose_name = "Foundation"

    def ready(self) -> None:
        from django.urls import register_converter

        from foundation import (
            backends,  # noqa: F401 - connects the permission-cache signals
            background,
            mail,
        )
        from foundation.converters import IdConverter

        register_converter(IdConverter, "id")
        background.register("e-mail", mail.mail_owed)
