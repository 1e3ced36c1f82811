"""The only places of ``forms`` that touch private parts of other libraries, one module per library.

Each module names the version it was checked against; ``tests/forms/test_compat.py`` fails
when the installed library no longer has what the module relies on.
"""
