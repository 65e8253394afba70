"""Turn `python -m outreach` into the `outreach` command."""

from outreach.cli import main

main()
