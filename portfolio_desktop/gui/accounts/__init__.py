"""Accounts and roles, proxies, the audit log page."""
