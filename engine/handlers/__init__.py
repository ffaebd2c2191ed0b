"""Event handlers: plain functions ``handler(event, uow, ctx)`` the bus calls in the unit of work."""
