"""Custom Components v2 of the app: each is a Python wrapper next to its html, css and js files."""
