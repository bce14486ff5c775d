from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from claims import caches
        from claims.lookups import providers
        from foundation import background
        from reviews import answers, exporting, forms, rows, snapshots
        from reviews.archive import ArchiveProvider
        from reviews.models import Rating

        providers.register(ArchiveProvider)
        post_save.connect(forms.ratings_changed, sender=Rating, dispatch_uid="ratings-saved")
        post_delete.connect(forms.ratings_changed, sender=Rating, dispatch_uid="ratings-deleted")
        answers.subscribe()
        background.register("evidence snapshots", snapshots.snapshots_owed, limit=200)
        background.register("exports", exporting.exports_owed, limit=50)
        if rows.annotate not in caches.ROW_ANNOTATORS:
            caches.ROW_ANNOTATORS.append(rows.annotate)
