"""The enterprise console: what its pages need that spans features (home, browsing, jobs)."""
