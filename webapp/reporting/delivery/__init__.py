"""Delivering queued actions to BioTrack: claim, choose credentials, send, record.

Workers (the scheduler's delivery job, or any number of `flask --app wsgi deliver`) claim due
deliveries with a lease; a worker that dies leaves its lease to expire and another one retries
with the same RequestID, which BioTrack answers with its first result.
"""
