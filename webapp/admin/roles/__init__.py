"""Administration > Role Management: roles and the permissions they grant."""
