"""Staff, sign-in accounts and roles, proxies (代理人), the audit log, the secret store."""
