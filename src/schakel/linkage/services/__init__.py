"""The only place that changes linkage data: indexing and matching, verdicts, contact requests."""
