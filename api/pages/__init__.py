"""HTML pages served by the API (presentation only: fed by engine queries, no logic of their own).

The modules of this package load the simulator and the diagram renderer: a resource imports
them when first asked for a page, so `powerpro serve` starts without them
(tests/cli/test_lazy_commands.py). What a route declares up front lives here.
"""

FLAGS = ("amrap", "rpe", "choice", "fail")
FIELDS = ("maxes", "unit", "cycles", *FLAGS)  # the preview form's fields: its query parameters
MAX_FIELD_CHARS = 2000
