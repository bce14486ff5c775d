"""Re-checks of published verdicts: when a prediction's date comes, a verdict's review-by date
passes, or a lookup behind it changes (`dates`: the pure date rules; `watch`: what the lookups
and evidence pages say now). The workflow itself is in `reviews.services.rechecks`."""
