"""Documents received and disclosed, and opening stored files."""
