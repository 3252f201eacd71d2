"""Log sources: one reader per format, normalised to Sigma field names by pipeline packs."""
