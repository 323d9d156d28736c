"""Messages that reach people: contact consent per channel, the outbox and its channels."""
