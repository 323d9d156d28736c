"""What the authorities promised, to whom, by when, and whether it was done."""
