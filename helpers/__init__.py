"""Small helpers that know no app: reading the environment, rendering forms and
figures, escaping, paging, paths, spreadsheets, text limits. Every app may import them;
they import no app (tests/test_layers.py)."""
