#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tropewise.settings")
    # Commands (imports, migrations, checks) run long queries on purpose: the statement
    # timeout is for web requests, even where the environment file they share sets it.
    os.environ["STATEMENT_TIMEOUT_MS"] = "0"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
