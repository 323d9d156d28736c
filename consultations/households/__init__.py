"""Households: their details and parcels, the household register, adding households from a file."""
