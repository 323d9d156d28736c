"""Dialogue meetings: what was said, who came, votes, what was promised and raised; the minutes."""
