"""Builders of test data shared by unit, integration and GUI tests."""
