"""Custom actions of the Educator Certification Assistant (rasa-sdk).

Actions stay thin: they collect and validate slots, call the backend through
`actions.backend_client` and tell the user what happened.
"""
