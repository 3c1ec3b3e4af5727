"""Settings > Companies: the organization's trading partners, searched and renamed."""
