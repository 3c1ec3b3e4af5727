"""Administration > Stores: the organization's stores and their licenses."""
