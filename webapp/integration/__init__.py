"""Configuration > Config Page > Integration: the store's BioTrack integrator authorization."""
