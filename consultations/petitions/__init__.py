"""Citizen reception and petitions: reception sessions, the petition register and its legal deadlines,
the steering committee's list of backlog cases, and the figures the province reports."""
