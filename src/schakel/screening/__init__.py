"""The regional screening meeting: meetings, agenda, decisions and their routes."""
