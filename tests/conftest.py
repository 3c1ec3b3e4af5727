"""Fixtures live in tests/fixtures/; each module is a pytest plugin."""
pytest_plugins = ["tests.fixtures.app", "tests.fixtures.world", "tests.fixtures.browser",
                  "tests.fixtures.sandbox", "tests.fixtures.smtp"]
