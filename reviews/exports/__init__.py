"""Exports of the desk's claims: ClaimReview JSON-LD (schema.org DataFeed), CSV and JSON Lines.

`claimreview` builds the ClaimReview of a published claim (the public page embeds the same
object), `stream.export_rows` streams a whole queryset in any format, `records` builds one
JSON Lines record per claim and `importer` loads such a file into an empty desk.
"""
