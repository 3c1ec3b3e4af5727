"""Administration > Users: the organization's app users, their roles and stores."""
