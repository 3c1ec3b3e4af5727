"""Delivering queued actions to BioTrack: claim, choose credentials, send, record.

Workers (the scheduler's delivery job, or any number of `flask --app wsgi deliver`) send each
store in its own lane and claim due deliveries with a lease that they renew while they hold
them; a worker that dies leaves its leases to expire and another one retries with the same
RequestID, which BioTrack answers with its first result.
"""
from webapp.delivery import jobs
from webapp.features import Feature

FEATURE = Feature("delivery", jobs=(jobs.deliver_reports,))  # a worker: no blueprint, no page
