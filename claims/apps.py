from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from django.urls import register_converter

        from claims.converters import IdConverter

        register_converter(IdConverter, "id")
        # Connects the signals that keep cached permission sets honest.
        from claims import backends  # noqa: F401
