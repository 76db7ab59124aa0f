"""Browser tests: Playwright (Python, sync API) driving Debian's chromium."""
