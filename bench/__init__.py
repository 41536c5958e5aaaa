"""`make bench`: the site served as in production and measured under load.

Outside everything production imports: its settings (bench.settings) are production's with
this package added for its commands (manage.py bench, bench_search), and its servers run
bench.wsgi, the production application with a count of each answer's queries.
"""
