"""The launch pad (/launch): drafts of new tropes, voted on and launched into Main."""
