"""Recognizers, the multi-pattern engine, the classifier and the grader."""
