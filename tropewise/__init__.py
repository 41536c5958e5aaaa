"""The Django project: settings, the root URLconf and the WSGI and ASGI entry points.

The apps (accounts, wiki, tropes) never import it.
"""
