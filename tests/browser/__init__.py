"""End-to-end tests of the rendered book in headless Chromium."""
