"""The ``indsec`` command line: thin Typer commands over the feature services."""
