from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from claims.lookups import providers
        from claims.views import lists
        from reviews import rows
        from reviews.archive import ArchiveProvider

        providers.register(ArchiveProvider)
        if rows.annotate not in lists.ROW_ANNOTATORS:
            lists.ROW_ANNOTATORS.append(rows.annotate)
