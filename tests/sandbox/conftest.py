"""The sandbox tests' fixtures (``sbx…``): each contract test runs in-process and over loopback HTTP."""

from tests.support.sandbox import sbx, sbx_clock, sbx_graph, sbx_http, sbx_inprocess  # noqa: F401
