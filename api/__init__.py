"""The HTTP API: Falcon resources over the engine (``create_app`` in api.app, WSGI entry api.wsgi:app)."""
