"""`python -m roledocs.cli`: the same as the `roledocs` command."""
from . import main

main()
