"""What the tests share: the fake clock, databases, the sandbox, fakes of Graph, and how pages are opened.

``tests/conftest.py`` makes the fixtures available to every test; helpers are imported from here.
"""
