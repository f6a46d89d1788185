"""`ea-repo serve`: a shared repository behind a JSON API (app.py), with accounts, roles and tokens (accounts.py)."""
