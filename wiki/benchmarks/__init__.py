"""`make bench`: the site served as in production and measured under load (manage.py bench)."""
