"""Accounts: users, roles and scopes, sign-in and browser sessions."""
