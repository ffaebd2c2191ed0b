"""PowerPro engine: specs -> machines and programs -> commands, events and queries."""
