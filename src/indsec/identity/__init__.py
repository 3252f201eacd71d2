"""The platform's identity: tenants, users and roles, regions, sessions, API tokens, audit log.

Faces (the server, ``indsec users``) call :mod:`indsec.identity.service` and nothing deeper.
"""
