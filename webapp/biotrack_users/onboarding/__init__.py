"""BioTrack > Onboarding: employees who act in the store but are not (validly) linked."""
