"""Administration > Audit log: who did what, when, as which BioTrack user; and its CSV."""
