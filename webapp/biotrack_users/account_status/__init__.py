"""BioTrack Users > one user's buttons: deactivate (confirmed), reactivate, password e-mail."""
