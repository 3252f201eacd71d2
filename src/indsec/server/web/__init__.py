"""Server-rendered pages (Jinja2, htmx): signing in and the enterprise's catalogue."""
