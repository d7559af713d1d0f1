"""Identity rules and redaction: the one package both environments import.

Standard library only. The backend (Python >= 3.11) and the action server and Rasa
launcher (Python 3.10) import it; nothing else crosses the two environments.
"""
