"""Running `manage.py check_integrity` in tests, as an operator reads it."""

import io

from django.core.management import CommandError, call_command


def check_integrity(*args):
    """(exit status, what the command printed)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_integrity", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def summary_row(output, name):
    """(examined, problems, repaired) of the check `name` in the summary table."""
    line = next(line for line in output.splitlines() if line.split()[:1] == [name])
    return tuple(int(cell.replace(",", "")) for cell in line.split()[1:4])


def found_and_repaired(name, *, problems=1):
    """Run `name` three times: reporting, repairing, then reporting again, which finds nothing.
    Returns what the first run printed."""
    status, found = check_integrity("--check", name)
    assert status == 1, found
    assert summary_row(found, name)[1:] == (problems, 0)
    assert "run again with --repair" in found
    status, repaired = check_integrity("--check", name, "--repair")
    assert status == 0, repaired
    assert summary_row(repaired, name)[1:] == (problems, problems)
    status, after = check_integrity("--check", name)
    assert (status, summary_row(after, name)[1]) == (0, 0), after
    return found
