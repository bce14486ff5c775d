from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from claims.lookups import providers
        from reviews.archive import ArchiveProvider

        providers.register(ArchiveProvider)
