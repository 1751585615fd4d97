"""Views built from the data: filters and the presentation model every shell and format reads.

Headless: imports only `pledge_tui.dataset` and the shared helpers, never Textual or Rich.
"""
