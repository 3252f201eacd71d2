"""Rule packs: loader, located YAML errors and the schema of each pack kind."""
