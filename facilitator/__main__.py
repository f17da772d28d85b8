"""Run the command line: `python -m facilitator`."""

from facilitator.cli import main

if __name__ == "__main__":
    main()
