"""Manage Account > My BioTrack credentials: each employee links their own BioTrack account."""
