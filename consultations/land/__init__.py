"""Land: import a land-office layer (preview, mapping, CRS), the corridor overlay, the parcels and features of a project."""
