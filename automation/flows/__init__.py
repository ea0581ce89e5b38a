"""Flows: ordered, named steps over page objects, each reported to the recorder."""
