from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Connects the signals that keep cached permission sets honest.
        from claims import backends  # noqa: F401
