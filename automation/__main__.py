"""`python -m automation` is the same as the `aliexit` command."""

from automation.cli import main

raise SystemExit(main())
