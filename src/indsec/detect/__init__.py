"""Detection: log sources, normalisation, Sigma compilation and evaluation, grade-aware alerts."""
