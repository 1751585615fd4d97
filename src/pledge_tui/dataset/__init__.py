"""The data: vocabulary, the typed model, validation, the store (and, as they arrive, history and edits).

Nothing here imports Textual or Rich, nor anything from `views`, `formats`, `cli` or `ui`.
"""
