"""HTTP resources: each parses (already validated) input, calls one engine function, shapes the answer.

A resource module exposes ``SCHEMAS`` (component schemas it introduces) and
``routes(services) -> list[Route]``; ``api.app.RESOURCE_MODULES`` lists the modules mounted.
"""
