"""Formats out: plain text for the terminal, JSON and CSV for scripts, the Markdown snapshot.

Each formatter only formats what `pledge_tui.views` builds; none of them decides what a reader sees.
"""
