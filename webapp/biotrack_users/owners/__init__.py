"""BioTrack Users > who a BioTrack user belongs to: assigning it, reviewing links."""
