"""The data catalogue: versioned scans, diffs, human review and exports."""
