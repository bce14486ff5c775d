from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from claims import caches
        from claims.lookups import providers
        from foundation import background
        from reviews import answers, exporting, rows, snapshots
        from reviews.archive import ArchiveProvider

        providers.register(ArchiveProvider)
        answers.subscribe()
        background.register("evidence snapshots", snapshots.snapshots_owed, limit=200)
        background.register("exports", exporting.exports_owed, limit=50)
        if rows.annotate not in caches.ROW_ANNOTATORS:
            caches.ROW_ANNOTATORS.append(rows.annotate)
