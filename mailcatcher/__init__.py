"""A local SMTP catcher for development: every e-mail the app sends, kept as .eml files and
shown on a read-only web page. Imports nothing from webapp (it stands in for a mail server).

    python -m mailcatcher --smtp-port 8025 --web-port 8026 --dir instance/caught-mail
"""
