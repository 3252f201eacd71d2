"""The JSON API: one router per concern, each route depending on one scope."""
