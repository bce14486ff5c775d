"""Followed outlets: feeds and sitemaps polled by beat, their new articles read once by the
worker, their claims proposed and matched, "seen again" alerts and the morning list."""
