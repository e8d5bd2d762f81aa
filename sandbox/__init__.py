"""The sandbox: golmok with every role in one local browser page, and nothing sent to Telegram.

The real Application, poller and sender run unchanged against the Bot API server in `botapi`;
`sandbox.page` serves the chats of a small demo world (`sandbox.demo`) and lets a person act
as anyone in it, and move the world's clock (`sandbox.clock`).
"""
