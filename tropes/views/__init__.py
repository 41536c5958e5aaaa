"""The trope wiki's own pages, by job: browsing, examples, votes, new pages, moderation.

Work and trope pages themselves are shown by the engine's page view, through the presenters
tropes/kinds.py registers (tropes/presenters.py).
"""
