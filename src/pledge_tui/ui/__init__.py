"""The Textual browser. Nothing here is imported by the headless commands."""
