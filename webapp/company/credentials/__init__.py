"""Company BioTrack setup > Step 2: the company's BioTrack API credentials."""
