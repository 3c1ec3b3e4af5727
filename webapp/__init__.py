"""TraceBridge: connects a cannabis retailer to BioTrack."""
