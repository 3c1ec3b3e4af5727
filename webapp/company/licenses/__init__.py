"""Company BioTrack setup > Step 3: BioTrack licenses synced to TraceBridge stores."""
