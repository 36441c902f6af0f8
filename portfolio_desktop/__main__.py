"""`python -m portfolio_desktop` is the same entry point as the `portfolio-desktop` script."""

from portfolio_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
